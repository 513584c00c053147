using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MimeKit;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Tests.Documents;

/// <summary>
/// The person's own space (recipient kind Dmp): documents go to the person's MSSanté mailbox, named by their
/// qualified INS, through the real Postfix and Dovecot; the person cannot answer; their visibility choices are
/// in METADATA.XML; and an opposition, a document hidden from them or their representatives, or an identity that is not qualified sends
/// nothing, with the reason on the delivery and in the person's disclosure report.
/// </summary>
public sealed class PersonSpaceDeliveryTests
{
    private const string Ins = "253072B07300470";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string?> OnlyTheirSpace = new()
    {
        ["Gateway:Recipients:dmp:Channel"] = "Dmp",
        ["Gateway:Recipients:dmp:DisplayName"] = "Mon espace santé de la personne",
        ["Gateway:Mss:PersonMailboxDomain"] = TestEnvironment.PersonMailboxDomain,
        ["Gateway:Routes:0:Recipients:0"] = "dmp",
        ["Gateway:Routes:0:Recipients:1"] = null,
    };

    private static JsonNode Plan(string documentId, Action<JsonNode>? change = null)
    {
        var plan = JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample("plan-full.json")))!;
        plan["documentId"] = documentId;
        change?.Invoke(plan);
        return plan;
    }

    private static async Task<JsonElement> PushAsync(GatewayTestHost host, JsonNode plan)
    {
        using var pushed = await host.Client.PostAsync("/api/v1/plans", new StringContent(plan.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, pushed.StatusCode);
        var settled = await host.WaitUntilSettledAsync(pushed.Headers.Location!, Wait);
        return settled.GetProperty("deliveries").EnumerateArray().Single();
    }

    [Fact]
    public async Task The_person_receives_the_CDA_and_PDF_in_their_own_mailbox_cannot_answer_and_their_masking_travels_in_the_metadata()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite, OnlyTheirSpace);

        // plan-full records that the person asked for their documents to be masked from professionals in their DMP.
        var delivery = await PushAsync(host, Plan("PPA-ESPACE-1"));

        Assert.Equal("Delivered", delivery.GetProperty("status").GetString());
        Assert.Equal("dmp:L1111-15", delivery.GetProperty("legalBasis").GetString());
        var mail = await TestMailbox.WaitForMessageAsync($"{Ins}@{TestEnvironment.PersonMailboxDomain}", $"{delivery.GetProperty("id").GetGuid():N}@pcpe.test", Wait);
        Assert.Equal("FIN", mail.Headers["X-MSS-MES"]);
        Assert.Equal("O", mail.Headers["X-MSS-INS"]);
        Assert.Equal("80788-3", mail.Headers["X-MSS-CODECDA"]);
        // Nobody answers for the person's mail client: it is not asked to.
        Assert.Null(mail.Headers[HeaderId.DispositionNotificationTo]);
        Assert.Equal("Un document de votre accompagnement : Projet personnalisé d'accompagnement", mail.Subject);
        Assert.Contains("La structure qui vous accompagne vous transmet un document", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("EXEMPLE", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(["IHE_XDM.ZIP", "DOCUMENT.PDF"], mail.Attachments.OfType<MimePart>().Select(a => a.FileName));

        using var zip = new MemoryStream();
        await mail.Attachments.OfType<MimePart>().Single(a => a.FileName == "IHE_XDM.ZIP").Content!.DecodeToAsync(zip);
        var xdm = await IndependentXdmReader.ReadAsync(zip.ToArray());
        Assert.Empty(xdm.GetProperty("problems").EnumerateArray());
        var cda = Assert.Single(xdm.GetProperty("documents").EnumerateArray());
        Assert.Equal($"{Ins}^^^&1.2.250.1.213.1.4.10&ISO", cda.GetProperty("patientId").GetString());
        Assert.Equal(
            ["N 2.16.840.1.113883.5.25", "MASQUE_PS 1.2.250.1.213.1.1.4.13"],
            cda.GetProperty("confidentialityCodes").EnumerateArray().Select(c => $"{c.GetProperty("code").GetString()} {c.GetProperty("scheme").GetString()}"));

        // The person's right of access says the document went to their space, and on which basis.
        var report = await host.Client.GetFromJsonAsync<JsonElement>($"/api/v1/persons/{Ins}/disclosures");
        var disclosed = Assert.Single(report.GetProperty("disclosures").EnumerateArray());
        Assert.Equal("dmp", disclosed.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal("person-dmp", disclosed.GetProperty("recipient").GetProperty("category").GetString());
        Assert.Equal("dmp:L1111-15", disclosed.GetProperty("legalBasis").GetString());
    }

    [Fact]
    public async Task An_identity_not_qualified_an_opposition_or_a_document_hidden_from_the_person_sends_nothing_and_says_why()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite, OnlyTheirSpace);

        var notQualified = await PushAsync(host, Plan("PPA-ESPACE-VALI", p => p["person"]!["ins"]!["identityStatus"] = "VALI"));
        var noBirthPlace = await PushAsync(host, Plan("PPA-ESPACE-SANS-LIEU", p => p["person"]!.AsObject().Remove("birthPlaceCode")));
        var opposed = await PushAsync(host, Plan("PPA-ESPACE-OPPOSITION", p => p["sharing"]!["dmp"] = new JsonObject { ["opposition"] = true }));
        var hidden = await PushAsync(host, Plan("PPA-ESPACE-INVISIBLE", p => p["sharing"]!["dmp"] = new JsonObject { ["invisibleToPerson"] = true }));
        var hiddenFromRepresentatives = await PushAsync(host, Plan("PPA-ESPACE-REPRESENTANTS", p => p["sharing"]!["dmp"] = new JsonObject { ["invisibleToLegalRepresentatives"] = true }));

        foreach (var blocked in new[] { notQualified, noBirthPlace, opposed, hidden, hiddenFromRepresentatives })
        {
            Assert.Equal("Blocked", blocked.GetProperty("status").GetString());
            Assert.Equal(0, blocked.GetProperty("attempts").GetInt32());
        }

        Assert.StartsWith("the person's own space is reached by their qualified INS only", notQualified.GetProperty("decisionReason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("the person's own space is reached by their qualified INS only", noBirthPlace.GetProperty("decisionReason").GetString(), StringComparison.Ordinal);
        Assert.Equal("the person opposed their documents being added to their DMP (CSP L1111-15)", opposed.GetProperty("decisionReason").GetString());
        Assert.Equal("the document is not to be seen by the person yet: it is not sent to their mailbox", hidden.GetProperty("decisionReason").GetString());
        Assert.StartsWith("the document is not to be seen by the person's legal representatives", hiddenFromRepresentatives.GetProperty("decisionReason").GetString(), StringComparison.Ordinal);

        // Each refusal is in the person's disclosure report, as a blocked attempt: under the INS, and under the local
        // id for the document whose INS was not qualified (an INS that is not qualified identifies nobody).
        var report = await host.Client.GetFromJsonAsync<JsonElement>($"/api/v1/persons/{Ins}/disclosures");
        Assert.Empty(report.GetProperty("disclosures").EnumerateArray());
        Assert.Equal(4, report.GetProperty("blocked").EnumerateArray().Count());
        var byLocalId = await host.Client.GetFromJsonAsync<JsonElement>($"/api/v1/persons/local/{GatewayTestHost.Structure}/U-000456/disclosures");
        var refused = Assert.Single(byLocalId.GetProperty("blocked").EnumerateArray());
        Assert.StartsWith("the person's own space is reached by their qualified INS only", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
