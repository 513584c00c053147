using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Pcpe.Gateway.Tests.NationalDirectory;

/// <summary>
/// A stand-in for the Annuaire Santé FHIR API (v2) on WireMock, answering searches with bundles shaped like the
/// ANS examples (IG fhir-annuaire: as-dp-practitioner, as-dp-organization, the as-mailbox-mss telecom slice with
/// the fr-core email type and the as-ext-mailbox-mss-metadata extension). Anyone it was not told about is unknown
/// (an empty searchset), as the real API answers.
/// </summary>
public sealed class StandInDirectory : IDisposable
{
    public const string ApiKey = "test-esante-api-key";
    private readonly WireMockServer _server = WireMockServer.Start();

    public StandInDirectory()
    {
        // Lowest priority: every search the stand-in was not told about finds nobody.
        foreach (var type in new[] { "Organization", "Practitioner" })
        {
            _server.Given(Request.Create().WithPath($"/fhir/v2/{type}").UsingGet()).AtPriority(100)
                .RespondWith(Json(new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["total"] = 0 }));
        }
    }

    public string BaseUrl => _server.Url + "/fhir/v2";

    /// <summary>The requests it received (what a test checks the API key and the query of).</summary>
    public IReadOnlyList<WireMock.Logging.ILogEntry> Requests => [.. _server.LogEntries];

    /// <summary>A structure, with its mailboxes as (address, type, rank).</summary>
    public void Organization(string finess, string name, params (string Address, string Type, int? Rank)[] mailboxes)
        => Answer("Organization", $"https://finess.esante.gouv.fr|{finess}", new JsonObject
        {
            ["resourceType"] = "Organization",
            ["id"] = $"001-01-{finess}",
            ["active"] = true,
            ["identifier"] = new JsonArray(
                Identifier("urn:oid:1.2.250.1.71.4.2.2", "1" + finess, "IDNST"),
                Identifier("https://finess.esante.gouv.fr", finess, "FINEG")),
            ["name"] = name,
            // Besides the MSSanté mailboxes, the ordinary contacts a structure publishes (never taken for a mailbox).
            ["telecom"] = new JsonArray([
                new JsonObject { ["system"] = "phone", ["value"] = "0467000000", ["rank"] = 1 },
                new JsonObject { ["system"] = "email", ["value"] = "contact@structure.example" },
                .. mailboxes.Select(Mailbox)]),
        });

    /// <summary>A professional, with their mailboxes.</summary>
    public void Practitioner(string rpps, string family, string given, params (string Address, string Type, int? Rank)[] mailboxes)
        => Answer("Practitioner", $"https://rpps.esante.gouv.fr|{rpps}", new JsonObject
        {
            ["resourceType"] = "Practitioner",
            ["id"] = $"003-{rpps}",
            ["active"] = true,
            ["identifier"] = new JsonArray(
                Identifier("urn:oid:1.2.250.1.71.4.2.1", "8" + rpps, "IDNPS"),
                Identifier("https://rpps.esante.gouv.fr", rpps, "RPPS")),
            ["name"] = new JsonArray(new JsonObject { ["use"] = "usual", ["family"] = family, ["given"] = new JsonArray(given) }),
            ["telecom"] = new JsonArray([.. mailboxes.Select(Mailbox)]),
        });

    /// <summary>The directory stops answering (503, as its gateway does when down).</summary>
    public void GoDown()
    {
        _server.Reset();
        _server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(503));
    }

    /// <summary>The directory hangs: it answers nothing within any client's patience.</summary>
    public void Hang()
    {
        _server.Reset();
        _server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(30)));
    }

    private void Answer(string type, string identifier, JsonObject resource)
        => _server.Given(Request.Create().WithPath($"/fhir/v2/{type}").WithParam("identifier", identifier).WithHeader("ESANTE-API-KEY", ApiKey).UsingGet())
            .AtPriority(1)
            .RespondWith(Json(new JsonObject
            {
                ["resourceType"] = "Bundle",
                ["type"] = "searchset",
                ["total"] = 1,
                ["entry"] = new JsonArray(new JsonObject
                {
                    ["fullUrl"] = $"{BaseUrl}/{type}/{resource["id"]}",
                    ["resource"] = resource,
                    ["search"] = new JsonObject { ["mode"] = "match" },
                }),
            }));

    private static JsonObject Identifier(string system, string value, string type) => new()
    {
        ["use"] = "official",
        ["system"] = system,
        ["value"] = value,
        ["type"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203", ["code"] = type }) },
    };

    private static JsonNode Mailbox((string Address, string Type, int? Rank) mailbox)
    {
        var telecom = new JsonObject
        {
            ["system"] = "email",
            ["value"] = mailbox.Address,
            ["extension"] = new JsonArray(
                new JsonObject
                {
                    ["url"] = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type",
                    ["valueCoding"] = new JsonObject { ["system"] = "https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie", ["code"] = "MSSANTE" },
                },
                new JsonObject
                {
                    ["url"] = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata",
                    ["extension"] = new JsonArray(
                        new JsonObject
                        {
                            ["url"] = "type",
                            ["valueCodeableConcept"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "https://mos.esante.gouv.fr/NOS/TRE_R257-TypeBAL/FHIR/TRE-R257-TypeBAL", ["code"] = mailbox.Type }) },
                        },
                        new JsonObject { ["url"] = "listeRouge", ["valueBoolean"] = false }),
                }),
        };
        if (mailbox.Rank is { } rank)
        {
            telecom["rank"] = rank;
        }

        return telecom;
    }

    private static IResponseBuilder Json(JsonObject body)
        => Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json").WithBody(body.ToJsonString());

    public void Dispose() => _server.Dispose();
}
