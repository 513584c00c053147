using Pcpe.Fhir.Conformance;
using Microsoft.Extensions.Options;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Terminology;
using Pcpe.Gateway.Api;
using Pcpe.Gateway.Api.Security;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Configuration.Validation;
using Pcpe.Gateway.Delivery;
using Pcpe.Gateway.NationalDirectory;
using Pcpe.Gateway.Health;
using Pcpe.Gateway.Intake;
using Pcpe.Gateway.Routing;
using Pcpe.Gateway.Sharing;
using Pcpe.Gateway.Store;
using Pcpe.Gateway.Mail;
using Pcpe.Gateway.Observability;
using Pcpe.Gateway.OperatorConsole;
using OpenTelemetry.Metrics;
using Pcpe.Mss.Sending;
using Pcpe.Mss.Transport;

namespace Pcpe.Gateway;

/// <summary>Wires the gateway: configuration, store, pipeline, routing, channels, workers, health.</summary>
public static class GatewayServices
{
    public static void Add(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuredRecipients = builder.Configuration.GetSection($"{GatewayOptions.Section}:Recipients").GetChildren()
            .Select(c => c.Key).ToList();
        foreach (var validator in SectionValidator.All(builder.Environment, configuredRecipients))
        {
            services.AddSingleton<IValidateOptions<GatewayOptions>>(validator);
        }

        services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.Section))
            .PostConfigure(ImplyPersonSpaceCategory)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Each part takes its own section, the validated configuration's.
        AddSection(services, gateway => gateway.Store);
        AddSection(services, gateway => gateway.Api);
        AddSection(services, gateway => gateway.Delivery);
        AddSection(services, gateway => gateway.Mss);
        AddSection(services, gateway => gateway.Sharing);
        AddSection(services, gateway => gateway.Directory);

        services.AddSingleton(TimeProvider.System);
        // The payload key is the store's alone: nothing else is given the protector.
        services.AddSingleton(sp =>
        {
            var store = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            var protector = PayloadProtector.FromOptions(
                store,
                builder.Environment.ContentRootPath,
                keyFile => GatewayLog.PayloadKeyGenerated(sp.GetRequiredService<ILogger<PayloadProtector>>(), keyFile));
            return GatewayStore.Create(store, builder.Environment.ContentRootPath, protector);
        });
        services.AddHostedService<StoreMigrator>();

        services.AddSingleton(TerminologyIndex.Embedded);
        services.AddSingleton(sp => new ValidationPolicy { AcceptTestIdentities = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.AcceptTestIdentities });
        services.AddSingleton(ConformanceChecker.Embedded);
        // Base R4 rules are proven on every mapping shape by the tests; each push pays the profile rules only.
        services.AddSingleton(sp => new DocumentPipeline(
            sp.GetRequiredService<TerminologyIndex>(),
            sp.GetRequiredService<ValidationPolicy>(),
            sp.GetRequiredService<ConformanceChecker>(),
            ConformanceScope.Profiles | ConformanceScope.RequireKnownProfile));
        services.AddSingleton<RecipientDirectory>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SharingOptions>>().Value.LoadPolicy(builder.Environment.ContentRootPath));
        services.AddSingleton<ConsentTermsCache>();
        services.AddSingleton<SharingDecisions>();
        services.AddSingleton<SharingEnforcer>();
        services.AddHostedService<RetentionWorker>();
        services.AddSingleton<RoutePlanner>();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<RecipientSendSlots>();
        services.AddSingleton<SubmissionIntake>();
        CallerAuthentication.Add(services);
        CallerPolicies.Add(services);
        AddSection(services, gateway => gateway.Console);
        // Which schemes and keys the console needs is known before the options are validated: read once here.
        var console = builder.Configuration.GetSection($"{GatewayOptions.Section}:Console").Get<ConsoleOptions>() ?? new ConsoleOptions();
        ConsoleAuthentication.Add(services, console.Enabled);
        ConsolePages.Add(services, console, builder.Environment.ContentRootPath);

        FhirRestChannel.Register(services);
        services.AddSingleton<CreateOnlyRelay>();
        services.AddSingleton<IDeliveryChannel, FhirRestChannel>();
        services.AddHttpClient(ClientCredentialsTokenSource.HttpClientName).AddStandardResilienceHandler();
        services.AddSingleton<ClientCredentialsTokenSource>();
        services.AddSingleton(sp =>
        {
            var sender = sp.GetRequiredService<IOptions<MssGatewayOptions>>().Value.Sender;
            return sender.Smtp.Authentication == MailAuthentication.OAuth2
                ? new MssSmtpSender(sender, sp.GetRequiredService<ClientCredentialsTokenSource>().GetTokenAsync)
                : new MssSmtpSender(sender);
        });
        services.AddSingleton(sp =>
        {
            var mss = sp.GetRequiredService<IOptions<MssGatewayOptions>>().Value;
            return new MssMailer(mss.Sender, sp.GetRequiredService<MssSmtpSender>(), mss.PickupDirectory);
        });
        services.AddSingleton<DocumentPackageBuilder>();
        HealthDirectory.Register(services);
        services.AddSingleton<MailboxResolution>();
        services.AddSingleton<IDeliveryChannel, MssChannel>();
        services.AddSingleton<IDeliveryChannel, PersonSpaceChannel>();
        services.AddHostedService<DeliveryWorker>();
        services.AddSingleton<MailSubmissionHandler>();
        services.AddSingleton<MailIntakeStatus>();
        services.AddHostedService<MailIntakeWorker>();

        services.AddExceptionHandler<UnexpectedErrorHandler>();
        services.AddRequestDecompression();
        services.AddOpenApi(OpenApiContract.Configure);
        services.AddSingleton<GatewayMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(GatewayMetrics.MeterName)
            // The runtime's and ASP.NET Core's own meters: collections, JIT, thread pool, CPU, memory, and request
            // durations by route template (never the path itself, which can hold an INS).
            .AddMeter("System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddSingleton<RelayCircuits>();
        services.AddSingleton<MailServerHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<MailServerHealthCheck>("mail-servers", tags: ["ready"])
            .AddCheck<RelayCircuitHealthCheck>("relay-circuits", tags: ["ready"])
            .AddCheck<DirectoryHealthCheck>("national-directory", tags: ["ready"]);
    }

    // A Dmp recipient is the person's own space: saying its category again would only be a chance to get it wrong.
    private static void ImplyPersonSpaceCategory(GatewayOptions options)
    {
        foreach (var recipient in options.Recipients.Values.Where(r => r.Channel == RecipientChannel.Dmp && r.Category == Pcpe.Fhir.Sharing.RecipientCategory.Unknown))
        {
            recipient.Category = Pcpe.Fhir.Sharing.RecipientCategory.PersonDmp;
        }
    }

    private static void AddSection<T>(IServiceCollection services, Func<GatewayOptions, T> section)
        where T : class
        => services.AddSingleton<IOptions<T>>(sp => Options.Create(section(sp.GetRequiredService<IOptions<GatewayOptions>>().Value)));
}
