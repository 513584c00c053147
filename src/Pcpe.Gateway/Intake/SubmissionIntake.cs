using System.Security.Cryptography;
using Pcpe.Fhir;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Model;
using Pcpe.Gateway.Delivery;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Observability;
using Pcpe.Fhir.Sharing;
using Pcpe.Gateway.Routing;
using Pcpe.Gateway.Sharing;
using Pcpe.Gateway.Store;
using Polly;
using Polly.Retry;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Intake;

/// <summary>
/// Flow 1 (push): check and map what a DUI pushed, read the person's registry, decide its deliveries, and commit
/// both at once if the registry is still as read. Only a committed submission is acknowledged.
/// </summary>
public sealed class SubmissionIntake(GatewayStore store, RoutePlanner planner, RecipientDirectory directory, SharingDecisions decisions, SharingEnforcer enforcer, DeliverySignal signal, TimeProvider time, GatewayMetrics metrics, ILogger<SubmissionIntake> logger)
{
    // A push and another write of the same person's registry (a consent recorded, another document) rarely meet;
    // when they do, the push decides again from what the other wrote, a few times before telling the caller.
    private static readonly ResiliencePipeline<(InsertOutcome Stored, IReadOnlyList<NewDelivery> Planned)> RegistryChangeRetry =
        new ResiliencePipelineBuilder<(InsertOutcome Stored, IReadOnlyList<NewDelivery> Planned)>()
            .AddRetry(new RetryStrategyOptions<(InsertOutcome Stored, IReadOnlyList<NewDelivery> Planned)>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result.Stored?.Result == InsertResult.RegistryChanged),
                // A burst of pushes for one person (its plan, assessment and transition at once) wins one at a time.
                MaxRetryAttempts = 10,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(5),
                MaxDelay = TimeSpan.FromMilliseconds(250),
            })
            .Build();

    public async Task<IntakeResult> SubmitAsync(PreparationResult prepared, CallerIdentity caller, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var result = await DecideAsync(prepared, caller, idempotencyKey, cancellationToken);
        metrics.Submission(prepared.Document?.Kind ?? "unreadable", result switch
        {
            IntakeResult.Accepted { AlreadyKnown: true } => "duplicate",
            IntakeResult.Accepted => "created",
            IntakeResult.Invalid => "invalid",
            IntakeResult.Forbidden => "forbidden",
            IntakeResult.Busy => "busy",
            _ => "conflict",
        });
        return result;
    }

    private async Task<IntakeResult> DecideAsync(PreparationResult prepared, CallerIdentity caller, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!prepared.Succeeded)
        {
            return new IntakeResult.Invalid(prepared.Issues);
        }

        var document = prepared.Document!;
        if (!caller.MayPushFor(document.StructureFiness))
        {
            return new IntakeResult.Forbidden("this client may not push documents for that structure");
        }

        // The content hash is taken before the Provenance (who pushed, when) is added: the same version
        // pushed again later is the same document, not a conflicting one.
        var mapped = FhirJson.SerializeToUtf8(document.Bundle);
        var contentHash = Convert.ToHexStringLower(SHA256.HashData(mapped));
        var receivedAt = time.GetUtcNow();
        var canonical = document.Source is null ? mapped : SubmissionProvenance.Append(document, mapped, new SubmissionContext(caller.ClientId, receivedAt));
        var personRef = store.PersonRefOf(document.PersonKey ?? throw new InvalidOperationException("a prepared document names its person"));
        var id = Guid.CreateVersion7();

        // What this document records about the person counts from now on, for its own routing too.
        var consents = ConsentRecords.FromBundle(document.Bundle, document.StructureFiness);
        var members = document.Source is null ? [] : CareTeamMembers.Of(document.Source).ToDictionary(m => m.Identity, StringComparer.Ordinal);
        var memberships = directory.ByIdentity(members.Keys)
            .Select(r => new MembershipToStore(r.Id, document.StructureFiness, members[r.Identity].Start, members[r.Identity].End))
            .ToList();
        var terms = consents.Select(ConsentTerms.Of).ToList();
        var consentsToStore = consents.Zip(terms, (c, read) => new ConsentToStore(c.Identifier, personRef, c.Kind, c.StructureFiness, ConsentRecords.StatusOf(c), FhirJson.SerializeToUtf8(c.Resource), ConsentTermsJson.Write(read), $"submission:{id}")
        {
            OnlyWidens = read.OnlyWidens,
        }).ToList();
        decisions.Remember(consentsToStore.Zip(terms, (stored, read) => (stored.Resource, read)));
        var submission = new NewSubmission(
            id,
            caller.ClientId,
            document.Kind,
            document.DocumentId,
            document.Version,
            idempotencyKey,
            contentHash,
            document.StructureFiness,
            receivedAt,
            canonical,
            document.Sharing is null ? null : System.Text.Json.JsonSerializer.Serialize(document.Sharing with { Consents = [] }, Pcpe.Fhir.Input.PcpeJson.Options))
        {
            PersonRef = personRef,
            Consents = consentsToStore,
            Memberships = memberships,
        };
        // Decided from the person's registry as it stands, with what this document records; stored only if no other
        // write of the registry came in between, else read and decided again.
        var (outcome, deliveries) = await RegistryChangeRetry.ExecuteAsync(async token =>
        {
            var registry = (await store.PersonRegistriesAsync([personRef], token))[personRef];
            var person = decisions.StateWith(registry, terms, memberships.Select(m => (m.RecipientId, new CareTeamMembership(null, m.Start, m.End))));
            var (planned, audit) = planner.Plan(document, canonical, personRef, person);
            var stored = await store.InsertSubmissionAsync(submission with { Audit = audit, DecidedAtRegistryVersion = registry.Version }, planned, token);
            return (stored, planned);
        }, cancellationToken);
        switch (outcome.Result)
        {
            case InsertResult.Created:
                signal.Notify();
                if (outcome.EarlierQueued && terms.Any(t => !t.OnlyWidens && outcome.ChangedConsents.Contains(t.Identifier)))
                {
                    // An opposition or a withdrawal in this document stops what is still queued from earlier ones
                    // (consents unchanged since the last push, changes that can only widen sharing, such as the
                    // same informed and unopposed care-team record of a new document, or nothing queued then, cost
                    // nothing). This document's own deliveries were decided with its consents; a change committed by
                    // another push in between, or a delivery queued by one, is caught by the decision taken again
                    // before each send.
                    await enforcer.ReviewQueuedAsync(personRef, outcome.SubmissionId, cancellationToken);
                }

                foreach (var blocked in deliveries.Where(d => d.Status == DeliveryStatus.Blocked))
                {
                    metrics.DeliveryOutcome(blocked.Channel, blocked.RecipientId, nameof(DeliveryStatus.Blocked));
                }

                GatewayLog.SubmissionAccepted(logger, outcome.SubmissionId, document.Kind, deliveries.Count(d => d.Status == DeliveryStatus.Pending), deliveries.Count(d => d.Status == DeliveryStatus.Blocked));
                return new IntakeResult.Accepted(outcome.SubmissionId, false);
            case InsertResult.Duplicate:
                return new IntakeResult.Accepted(outcome.SubmissionId, true);
            case InsertResult.RegistryChanged:
                return new IntakeResult.Busy();
            default:
                return new IntakeResult.Conflict(outcome.SubmissionId);
        }
    }
}
