using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Pcpe.Gateway;
using Pcpe.Gateway.Api;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Demo;
using Pcpe.Gateway.Health;
using Pcpe.Gateway.Observability;
using Pcpe.Gateway.OperatorConsole;
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
    // "Production " is Production: a stray space must not turn off the checks Production makes.
    EnvironmentName = demo is null ? HostEnvironmentName.Of(DemoMode.HostArguments(args)) : Environments.Development,
});

demo?.Configure(builder);
// Each host its own logger, not Serilog's static one: two hosts in a process (the tests) would otherwise
// log through whichever was built last, and stopping one would close the other's sinks.
builder.Services.AddSerilog(
    (services, logger) =>
    {
        logger.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext().Enrich.With<RequestPathRedaction>();
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

try
{
    var app = builder.Build();
    // First in the pipeline, in every environment: no stack trace or exception message ever reaches a client.
    app.UseExceptionHandler(new ExceptionHandlerOptions
    {
        // UnexpectedErrorHandler logs without the message; the middleware's own line would quote it.
        SuppressDiagnosticsCallback = _ => true,
        ExceptionHandler = _ => Task.CompletedTask,
    });
    app.UseRequestDecompression();
    // A request no endpoint takes (an unknown path, a malformed id, another method) gets an OperationOutcome too.
    app.UseStatusCodePages(StatusCodeOutcome.WriteAsync);
    app.UseAuthentication();
    app.UseAuthorization();
    // Once started: the options are validated by then, and a refusal is told by the catch below.
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        if (app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.AllowAnonymous)
        {
            GatewayLog.AnonymousApi(app.Services.GetRequiredService<ILogger<Program>>());
        }
    });

    app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
    app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = ReadinessReport.WriteAsync });
    app.MapPrometheusScrapingEndpoint("/metrics");
    SubmissionEndpoints.Map(app);
    OperatorEndpoints.Map(app);
    ContractEndpoints.Map(app);
    FhirMetadataEndpoints.Map(app);
    ValidationEndpoints.Map(app);
    SharingEndpoints.Map(app);
    ConsolePages.Map(app);
    demo?.Map(app);

    await app.RunAsync();
}
catch (OptionsValidationException invalid)
{
    // A named list of what to fix, and exit code 2, instead of an unhandled exception's stack.
    await Console.Error.WriteLineAsync("The gateway did not start: its configuration has problems (docs/configuration.md):");
    foreach (var problem in invalid.Failures)
    {
        await Console.Error.WriteLineAsync("  - " + problem);
    }

    return 2;
}

return 0;

/// <summary>The gateway host (public for the integration tests' WebApplicationFactory).</summary>
public partial class Program;
