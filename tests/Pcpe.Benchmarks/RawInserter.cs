using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Pcpe.Fhir;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Sharing;
using Pcpe.Fhir.Terminology;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Store;

namespace Pcpe.Benchmarks;

/// <summary>
/// The limit api-load compares the gateway with: the same durable inserts the gateway makes for a plan
/// (submission, document, delivery and its payload, the person's consent and its terms, same bytes, same
/// encryption at rest), straight into a store of the same kind, from this process, with as many concurrent callers.
/// </summary>
internal sealed class RawInserter : IAsyncDisposable
{
    private readonly PayloadProtector _protector;
    private readonly GatewayStore _store;
    private readonly byte[] _document;
    private readonly string _sha;
    private readonly IReadOnlyList<ConsentToStore> _consents;
    private readonly int _concurrency;
    private long _next;

    private RawInserter(PayloadProtector protector, GatewayStore store, byte[] document, IReadOnlyList<ConsentToStore> consents, int concurrency)
    {
        _protector = protector;
        _store = store;
        _document = document;
        _sha = Convert.ToHexStringLower(SHA256.HashData(document));
        _consents = consents;
        _concurrency = concurrency;
    }

    public static async Task<RawInserter> CreateAsync(StoreProvider provider, string connectionString, string folder, JsonNode template, int concurrency)
    {
        var protector = new PayloadProtector(RandomNumberGenerator.GetBytes(32), []);
        var store = GatewayStore.Create(new StoreOptions { Provider = provider, ConnectionString = connectionString }, folder, protector);
        await store.MigrateAsync(CancellationToken.None);
        var pipeline = new DocumentPipeline(TerminologyIndex.Embedded, new ValidationPolicy { AcceptTestIdentities = true }, null);
        var prepared = pipeline.Prepare(DocumentKinds.Plan, Encoding.UTF8.GetBytes(ApiLoad.Plan(template, "LOAD-0"))).Document!;
        var consents = ConsentRecords.FromBundle(prepared.Bundle, prepared.StructureFiness)
            .Select(c => new ConsentToStore(c.Identifier, string.Empty, c.Kind, c.StructureFiness, ConsentRecords.StatusOf(c), FhirJson.SerializeToUtf8(c.Resource), ConsentTermsJson.Write(ConsentTerms.Of(c)), string.Empty))
            .ToList();
        return new RawInserter(protector, store, FhirJson.SerializeToUtf8(prepared.Bundle), consents, concurrency);
    }

    /// <summary>Inserts for <paramref name="seconds"/>; the rate and how many were inserted.</summary>
    public async Task<(double Rate, long Inserted)> InsertForAsync(int seconds)
    {
        long inserted = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, _concurrency).Select(async _ =>
        {
            while (stop.Elapsed.TotalSeconds < seconds)
            {
                // On SQLite every call below completes synchronously: without yielding, the first writer would
                // loop alone for the whole round and the others would never start (one insert per commit).
                await Task.Yield();
                var n = Interlocked.Increment(ref _next);
                // What the gateway writes with a plan: the submission and its delivery, and the person's
                // registry (the plan's sharing consent, under the person's keyed reference).
                var personRef = _protector.PersonRef($"local:3340000017/U-RAW-{n % ApiLoad.Persons}");
                var id = Guid.CreateVersion7();
                await _store.InsertSubmissionAsync(
                    new NewSubmission(id, "load", "plan", $"RAW-{n}", 1, null, _sha, "340000017", DateTimeOffset.UtcNow, _document)
                    {
                        PersonRef = personRef,
                        Consents = _consents.Select(c => c with { Identifier = $"{c.Identifier}-{n}", PersonRef = personRef, Source = $"submission:{id}" }).ToList(),
                    },
                    [new NewDelivery(Guid.CreateVersion7(), "eparcours", "FhirRest", DeliveryStatus.Pending, "care-team:L1110-12", null, _document)],
                    CancellationToken.None);
                Interlocked.Increment(ref inserted);
            }
        }));
        return (inserted / stop.Elapsed.TotalSeconds, inserted);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _protector.Dispose();
    }
}
