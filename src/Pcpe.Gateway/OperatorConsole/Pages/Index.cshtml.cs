using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Health;
using Pcpe.Gateway.Mail;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.OperatorConsole.Pages;

/// <summary>The overview: each recipient's queue, the intake per hour, the mailbox reader and the health checks.</summary>
public sealed class IndexModel(
    GatewayStore store,
    RecipientDirectory recipients,
    RelayCircuits circuits,
    MailIntakeStatus mail,
    Microsoft.Extensions.Options.IOptions<MssGatewayOptions> mss,
    HealthCheckService health,
    TimeProvider time) : PageModel
{
    public const int ChartDays = 7;

    public IReadOnlyList<RecipientRow> Recipients { get; private set; } = [];

    public IReadOnlyList<HourlyCount> Hours { get; private set; } = [];

    public DateTimeOffset ChartStart { get; private set; }

    public MailIntakeSnapshot Mail { get; private set; } = null!;

    public bool ReadsMailbox => mss.Value.ReadsMailbox;

    public HealthReport Health { get; private set; } = null!;

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        var configured = recipients.All();
        var open = circuits.Open(configured).ToHashSet(StringComparer.Ordinal);
        var queues = (await store.RecipientQueuesAsync(cancellationToken)).ToDictionary(q => q.RecipientId, StringComparer.Ordinal);
        Recipients = configured.Keys.Union(queues.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(id => new RecipientRow(
                id,
                configured.GetValueOrDefault(id),
                queues.GetValueOrDefault(id) ?? new RecipientQueue(id, new Dictionary<Domain.DeliveryStatus, long>(), null, null, null),
                open.Contains(id)))
            .ToList();
        var hour = TimeSpan.FromHours(1);
        ChartStart = new DateTimeOffset(Now.Ticks - (Now.Ticks % hour.Ticks), TimeSpan.Zero).AddDays(-ChartDays).AddHours(1);
        Hours = await store.SubmissionsPerHourAsync(ChartStart, cancellationToken);
        Mail = mail.Current;
        Health = await health.CheckHealthAsync(check => check.Tags.Contains("ready"), cancellationToken);
    }

    /// <summary>One recipient's line: its configuration (null when no longer configured), queue and circuit.</summary>
    public sealed record RecipientRow(string Id, RecipientOptions? Options, RecipientQueue Queue, bool CircuitOpen)
    {
        public string Name => Options is null ? $"{Id} (plus configuré)" : Options.DisplayName ?? Id;

        public string Channel => Options?.Channel.ToString() ?? "—";

        public string OldestWaiting(DateTimeOffset now)
            => Queue.OldestWaitingSince is { } since ? ConsoleText.Age(now - since) : "—";

        public string LastError => Queue.LastError is { } error
            ? $"{error} ({ConsoleText.Time(Queue.LastErrorAt!.Value)})"
            : "—";
    }
}
