using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Pcpe.Gateway;
using Pcpe.Gateway.Api;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Demo;
using Pcpe.Gateway.Health;
using Pcpe.Gateway.Observability;
using Serilog;
using Serilog.Formatting.Compact;

if (args is ["audit-verify", ..])
{
    // Operators (and auditors) check the audit chain without starting the HTTP host: exit code 0 when intact.
    return await AuditVerifyCommand.RunAsync(args[1..]);
}

var demo = DemoMode.Requested(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = DemoMode.HostArguments(args),
    EnvironmentName = demo is null ? null : Environments.Development,
});

demo?.Configure(builder);
// Each host its own logger, not Serilog's static one: two hosts in a process (the tests) would otherwise
// log through whichever was built last, and stopping one would close the other's sinks.
builder.Services.AddSerilog(
    (services, logger) =>
    {
        logger.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext().Enrich.With<PersonPathRedaction>();
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            logger.WriteTo.Console(new CompactJsonFormatter());
        }
        else
        {
            logger.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }
    },
    preserveStaticLogger: true);

GatewayServices.Add(builder);
ClientCertificateTls.Configure(builder);

var app = builder.Build();
if (app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.Api.AllowAnonymous)
{
    GatewayLog.AnonymousApi(app.Services.GetRequiredService<ILogger<Program>>());
}

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = ReadinessReport.WriteAsync });
app.MapPrometheusScrapingEndpoint("/metrics");
SubmissionEndpoints.Map(app);
OperatorEndpoints.Map(app);
ContractEndpoints.Map(app);
FhirMetadataEndpoints.Map(app);
SharingEndpoints.Map(app);
demo?.Map(app);

await app.RunAsync();
return 0;

/// <summary>The gateway host (public for the integration tests' WebApplicationFactory).</summary>
public partial class Program;
