using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Hl7.Fhir.Model;
using Microsoft.Data.Sqlite;
using Pcpe.Fhir;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Xunit.Abstractions;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// A seeded, bounded fuzz run against the gateway as a real process: every write endpoint receives mutations
/// of the samples (bytes, characters, truncations, type swaps, nulls, deep nesting, huge fields, odd Unicode,
/// duplicate and empty keys, wrong media types and encodings). Whatever comes, the answer is never a 5xx nor a
/// dropped connection, every refusal is an OperationOutcome that locates its problems, nothing refused is
/// stored, and the process stays alive with bounded memory. One store: the answers do not depend on it.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int Requests = 10_500;
    private const int Seed = 20261207;

    private sealed record Target(string Path, string Body, string Kind);

    [Fact]
    public async Task Ten_thousand_mutated_requests_get_precise_refusals_and_leave_nothing_half_stored()
    {
        var random = new Random(Seed);
        using var platform = WireMockServer.Start();
        platform.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "application/fhir+json").WithBody("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}"));
        var folder = Directory.CreateTempSubdirectory("pcpe-fuzz-").FullName;
        var connectionString = $"Data Source={Path.Combine(folder, "gateway.db")}";
        using var gateway = new GatewayProcess(
            GatewayProcess.FreePort(),
            CrashTests.Settings(StoreProvider.Sqlite, connectionString, platform.Url + "/fhir", leaseSeconds: 30, httpTimeoutSeconds: 10),
            Path.Combine(folder, "gateway.log"));
        await gateway.StartAsync();
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var targets = await TargetsAsync(http);

        var statuses = new Dictionary<int, int>();
        var accepted = new HashSet<string>(StringComparer.Ordinal);
        var consentsCreated = 0;
        var failures = new List<string>();
        long residentAfterWarmUp = 0;
        for (var n = 0; n < Requests && failures.Count < 20; n++)
        {
            if (n == 500)
            {
                residentAfterWarmUp = gateway.ResidentBytes();
            }

            var target = targets[random.Next(targets.Count)];
            var (request, mutation) = Mutate(target, random);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request);
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"#{n} {target.Path} {mutation}: connection failed ({ex.HttpRequestError})");
                continue;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var body = await response.Content.ReadAsStringAsync();
                if (Problem(response, body, locatable: target.Kind != "path") is { } problem)
                {
                    failures.Add($"#{n} {target.Path} {mutation}: {status} {problem}");
                }
                else if (status == 202)
                {
                    accepted.Add(JsonNode.Parse(body)!["submissionId"]!.GetValue<string>());
                }
                else if (status == 201)
                {
                    consentsCreated++;
                }
            }
        }

        using (var live = await http.GetAsync("/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        var residentAtEnd = gateway.ResidentBytes();
        await using var store = new SqliteConnection(connectionString);
        var submissions = await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions");
        var consents = await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM consents");
        var consentsFromPushes = await store.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM consents WHERE source NOT LIKE 'api:%'");
        output.WriteLine($"fuzz (seed {Seed}): {Requests} requests; " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        output.WriteLine($"accepted submissions {accepted.Count}, stored {submissions}; consents created by POST /fhir/Consent {consentsCreated}, stored {consents - consentsFromPushes}");
        output.WriteLine($"RSS after warm-up {residentAfterWarmUp / 1048576} MiB, at the end {residentAtEnd / 1048576} MiB");

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(statuses.Keys.Count(s => s >= 400) >= 5, "the mutations reached too few kinds of refusal");
        Assert.True(accepted.Count > 0, "no mutation was accepted: the run did not reach the intake's end");
        Assert.Equal(accepted.Count, submissions);
        Assert.Equal(consentsCreated, consents - consentsFromPushes);
        Assert.True(residentAtEnd < residentAfterWarmUp + 400L * 1024 * 1024, $"RSS grew from {residentAfterWarmUp} to {residentAtEnd} bytes");
        gateway.Kill();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    // What is wrong with an answer, or null when it is what a client may expect.
    // locatable: the request has a body whose problems can be located; a path's are in the URL the caller wrote.
    private static string? Problem(HttpResponseMessage response, string body, bool locatable)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return "server error: " + body[..Math.Min(body.Length, 300)];
        }

        if (status < 400)
        {
            return null;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/fhir+json")
        {
            return $"a refusal as {response.Content.Headers.ContentType?.MediaType ?? "nothing"}";
        }

        OperationOutcome outcome;
        try
        {
            outcome = FhirJson.Deserialize<OperationOutcome>(body);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or Hl7.Fhir.Serialization.DeserializationFailedException)
        {
            return "a refusal that is not an OperationOutcome";
        }

        if (outcome.Issue.Count == 0 || outcome.Issue.Any(i => string.IsNullOrWhiteSpace(i.Diagnostics)))
        {
            return "an OperationOutcome without diagnostics";
        }

        // A document that was read but refused is refused somewhere in it.
        return locatable && status is 400 or 422 && outcome.Issue.Any(i => i.Expression.Count() == 0)
            && !outcome.Issue.Any(i => i.Diagnostics!.Contains("Content-Encoding", StringComparison.Ordinal) || i.Diagnostics!.StartsWith("kind must be", StringComparison.Ordinal))
            ? "an issue without a location: " + string.Join(" | ", outcome.Issue.Where(i => i.Expression.Count() == 0).Select(i => i.Diagnostics))
            : null;
    }

    private static async Task<List<Target>> TargetsAsync(HttpClient http)
    {
        string Sample(string name) => File.ReadAllText(TestEnvironment.Sample(name));
        var bundle = await BadInputTests.PlanBundleAsync(http, "plan-full.json");

        return
        [
            new("/api/v1/plans", Sample("plan-minimal.json"), "json"),
            new("/api/v1/plans", Sample("plan-full.json"), "json"),
            new("/api/v1/assessments", Sample("assessment.json"), "json"),
            new("/api/v1/transitions", Sample("transition.json"), "json"),
            new("/api/v1/$preview?kind=plan", Sample("plan-full.json"), "json"),
            new("/api/v1/$preview?kind=transition", Sample("transition.json"), "json"),
            new("/fhir", bundle.ToJsonString(), "json"),
            new("/fhir", File.ReadAllText(TestEnvironment.TdduiExample("Bundle-tddui-pp-ime-bundle-example.json")), "json"),
            new("/fhir/$validate", bundle.ToJsonString(), "json"),
            new("/fhir/Consent", SharingTests.PartnerConsent("active"), "json"),
            new("/api/v1/deliveries/{id}/replay", string.Empty, "path"),
            new("/api/v1/deliveries/replay?recipient={value}&since={value}", string.Empty, "path"),
            new("/api/v1/persons/{value}/erasure", string.Empty, "path"),
            new("/api/v1/persons/local/{value}/{value}/erasure", string.Empty, "path"),
        ];
    }

    private static readonly string[] OddTexts =
    [
        "\\u0000", "\\u0007", "\\u001b[2J", "\\ud800", "\\udfff\\ud800", "\u202e", "\u200b\u200d", "🙂🙃", "\\u00e9", "Ω≈ç√∫", "\ufeff", "\uffff",
        "\\\"", "\\\\", "'; DROP TABLE submissions; --", "<script>", "%00", "../../etc/passwd", "${jndi:ldap://x}", "1e999", "-0", "NaN",
    ];

    private static readonly string[] MediaTypes =
    [
        "application/json", "application/fhir+json", "application/json; charset=utf-8", "text/plain", "application/xml",
        "application/json; charset=iso-8859-1", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*", "application/json;;;",
    ];

    private static (HttpRequestMessage Request, string Mutation) Mutate(Target target, Random random)
    {
        if (target.Kind == "path")
        {
            var value = random.Next(4) switch
            {
                0 => Guid.NewGuid().ToString(),
                1 => Uri.EscapeDataString(OddTexts[random.Next(OddTexts.Length)].Replace("\\u", "u", StringComparison.Ordinal)),
                2 => string.Concat(Enumerable.Range(0, random.Next(1, 20)).Select(_ => (char)random.Next('0', '9' + 1))),
                _ => Uri.EscapeDataString(new string((char)random.Next(0x21, 0x7f), random.Next(1, 400))),
            };
            return (new HttpRequestMessage(HttpMethod.Post, target.Path.Replace("{id}", value, StringComparison.Ordinal).Replace("{value}", value, StringComparison.Ordinal)), "path value");
        }

        var mediaType = random.Next(10) == 0 ? MediaTypes[random.Next(MediaTypes.Length)] : "application/json";
        var (body, mutation) = random.Next(12) switch
        {
            0 => (FlipBytes(Encoding.UTF8.GetBytes(target.Body), random), "flipped bytes"),
            1 => (Encoding.UTF8.GetBytes(target.Body[..random.Next(target.Body.Length)]), "truncated"),
            2 => (Encoding.UTF8.GetBytes(InsertText(target.Body, random)), "odd text inserted"),
            3 => (Encoding.UTF8.GetBytes(DuplicateOrEmptyKey(target.Body, random)), "duplicate or empty key"),
            4 => (Encoding.UTF8.GetBytes(Nested(random)), "deep nesting"),
            5 => (Array.Empty<byte>(), "empty body"),
            _ => (Encoding.UTF8.GetBytes(SwapNode(target.Body, random, out var swap)), swap),
        };
        var content = new ByteArrayContent(body);
        if (random.Next(15) != 0)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        }

        switch (random.Next(25))
        {
            case 0:
                content = Compressed(body, "gzip", out _);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
                mutation += ", gzip";
                break;
            case 1:
                content.Headers.ContentEncoding.Add(random.Next(2) == 0 ? "br" : "x-junk");
                mutation += ", declared encoded";
                break;
        }

        return (new HttpRequestMessage(HttpMethod.Post, target.Path) { Content = content }, mutation + $" ({mediaType})");
    }

    private static ByteArrayContent Compressed(byte[] body, string encoding, out int length)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }

        length = (int)compressed.Length;
        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentEncoding.Add(encoding);
        return content;
    }

    private static byte[] FlipBytes(byte[] body, Random random)
    {
        for (var i = random.Next(1, 8); i > 0 && body.Length > 0; i--)
        {
            body[random.Next(body.Length)] ^= (byte)random.Next(1, 256);
        }

        return body;
    }

    private static string InsertText(string body, Random random)
    {
        // Inside a string value most of the time: after an opening quote.
        var quotes = Enumerable.Range(0, body.Length).Where(i => body[i] == '"').ToList();
        var at = quotes.Count > 0 && random.Next(4) != 0 ? quotes[random.Next(quotes.Count)] + 1 : random.Next(body.Length);
        return body[..at] + OddTexts[random.Next(OddTexts.Length)] + body[at..];
    }

    private static string DuplicateOrEmptyKey(string body, Random random)
    {
        var at = body.IndexOf('{', random.Next(body.Length));
        at = at < 0 ? body.IndexOf('{', StringComparison.Ordinal) : at;
        var extra = random.Next(3) switch
        {
            0 => "\"\":\"x\",",
            1 => "\"resourceType\":[],",
            _ => "\"id\":{},\"id\":\"a\",",
        };
        return body[..(at + 1)] + extra + body[(at + 1)..];
    }

    private static string Nested(Random random)
    {
        var depth = random.Next(20, 400);
        return random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    // One node of the document, anywhere, replaced by another kind of value, a null, a huge or odd text; or removed.
    private static string SwapNode(string body, Random random, out string mutation)
    {
        var root = JsonNode.Parse(body)!;
        var nodes = new List<(JsonNode? Parent, string? Name, int Index)>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, child) in o.ToList())
                    {
                        nodes.Add((o, name, -1));
                        Walk(child);
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        nodes.Add((a, null, i));
                        Walk(a[i]);
                    }

                    break;
            }
        }

        Walk(root);
        var (parent, key, index) = nodes[random.Next(nodes.Count)];
        var choice = random.Next(11);
        JsonNode? replacement = choice switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(2) == 0 ? 0 : -1),
            2 => JsonValue.Create(1e308),
            3 => JsonValue.Create(random.Next(2) == 0),
            4 => JsonValue.Create(string.Empty),
            5 => JsonValue.Create(new string('x', random.Next(10) == 0 ? random.Next(100_000, 400_000) : random.Next(201, 12_000))),
            6 => new JsonArray(),
            7 => new JsonObject(),
            8 => JsonValue.Create(OddTexts[random.Next(OddTexts.Length)].Replace("\\u0000", "\0", StringComparison.Ordinal).Replace("\\u0007", "\a", StringComparison.Ordinal)),
            9 => new JsonArray(null, JsonValue.Create(1)),
            _ => JsonValue.Create("2099-02-30"),
        };
        mutation = $"node {(key ?? $"[{index}]")} set to {(choice == 5 ? "a huge text" : replacement?.ToJsonString() ?? "null")}";
        if (random.Next(8) == 0 && parent is JsonObject removedFrom)
        {
            removedFrom.Remove(key!);
            mutation = $"node {key} removed";
        }
        else if (parent is JsonObject o)
        {
            o[key!] = replacement;
        }
        else if (parent is JsonArray a)
        {
            a[index] = replacement;
        }

        return root.ToJsonString();
    }
}
