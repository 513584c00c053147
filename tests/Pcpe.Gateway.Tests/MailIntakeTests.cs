using System.Text;
using System.Text.Json;
using Dapper;
using Hl7.Fhir.Model;
using MailKit;
using MailKit.Net.Imap;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Pcpe.Fhir;
using Pcpe.Gateway.Store;
using Pcpe.Mss.Reports;
using Pcpe.Mss.Transport;
using Pcpe.Testing;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// The gateway reading its applicative mailbox (gateway-it@pcpe.test) on the real Dovecot: coordinators'
/// messages become submissions attached to the person; bounces come back onto the delivery they concern.
/// One collection for both stores, because the tests share that mailbox.
/// </summary>
public abstract class MailIntakeTests(StoreProvider provider) : IAsyncLifetime
{
    private const string Alice = "coord.alice@pcpe.test";
    private const string Bob = "coord.bob@pcpe.test";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static Dictionary<string, string?> Reading(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Mss:ReceiverStructure"] = GatewayTestHost.Structure,
            ["Gateway:Mss:Receiver:MailboxAddress"] = TestEnvironment.GatewayItMailbox,
            ["Gateway:Mss:Receiver:KnownSenders:0"] = Alice,
            ["Gateway:Mss:Receiver:Imap:Host"] = TestEnvironment.ImapHost,
            ["Gateway:Mss:Receiver:Imap:Port"] = TestEnvironment.ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Mss:Receiver:Imap:CaBundlePath"] = TestEnvironment.CaBundle,
            ["Gateway:Mss:Receiver:Imap:CheckRevocation"] = "false",
            ["Gateway:Mss:Receiver:Imap:ClientCertificatePath"] = TestEnvironment.Pfx("gateway-it"),
            ["Gateway:Mss:Receiver:Imap:ClientCertificatePassword"] = TestEnvironment.PfxPassword,
            ["Gateway:Mss:Receiver:PollSeconds"] = "1",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    public async Task InitializeAsync()
    {
        using var client = await GatewayImapAsync();
        foreach (var folder in (await client.GetFolder(client.PersonalNamespaces[0]).GetSubfoldersAsync(false)).Append(client.Inbox))
        {
            await folder.OpenAsync(FolderAccess.ReadWrite);
            if (folder.Count > 0)
            {
                await folder.AddFlagsAsync(UniqueIdRange.All, MessageFlags.Deleted, true);
                await folder.ExpungeAsync();
            }

            await folder.CloseAsync();
        }

        await client.DisconnectAsync(true);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_coordinator_message_with_an_XDM_becomes_a_submission_about_the_person_and_is_acknowledged()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, Reading());
        var message = CoordinatorMail.New(Alice, "Compte rendu de visite", "Visite à domicile du 20/11 : voir pièce jointe.", TestEnvironment.GatewayItMailbox);
        message.Headers.Add(HeaderId.DispositionNotificationTo, Alice);
        var body = new BodyBuilder { TextBody = "Visite à domicile du 20/11 : voir pièce jointe." };
        body.Attachments.Add("IHE_XDM.ZIP", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "corpus", "xdm-valid-other-software.zip")), new ContentType("application", "zip"));
        message.Body = body.ToMessageBody();
        await CoordinatorMail.SendAsync(Alice, message);

        var bundle = await WaitForMailSubmissionAsync(host, message.MessageId!);

        var communication = bundle.Entry.Select(e => e.Resource).OfType<Communication>().Single();
        Assert.Equal("Patient?identifier=urn%3Aoid%3A1.2.250.1.213.1.4.10|295109912611193", communication.Subject!.Reference);
        Assert.Equal(Alice, communication.Sender!.Display);
        Assert.Contains(communication.Payload, p => p.Content is FhirString text && text.Value!.Contains("Visite à domicile", StringComparison.Ordinal));
        var document = bundle.Entry.Select(e => e.Resource).OfType<DocumentReference>().Single();
        Assert.Equal("application/fhir+json", document.Content[0].Attachment!.ContentType);
        Assert.StartsWith("{\"resourceType\":\"Bundle\"", Encoding.UTF8.GetString(document.Content[0].Attachment!.Data!), StringComparison.Ordinal);

        // Relayed on the person's routes only with a legal basis: nothing in the mail records that the
        // person was informed, so every delivery is blocked with its reason (default deny).
        var statuses = await DeliveryStatusesAsync(host, message.MessageId!);
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal("Blocked", s));

        var receipt = await TestMailbox.WaitForReplyAsync(Alice, message.MessageId!, Wait);
        Assert.True(DeliveryReportParser.TryParse(receipt)!.Success);
    }

    [Fact]
    public async Task A_message_quoting_a_known_plan_is_attached_to_that_person()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, Reading(new() { ["Gateway:Routes:0:Recipients:1"] = null }));
        using var pushed = await host.Client.PostAsync("/api/v1/plans", new StringContent(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")), Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, pushed.StatusCode);
        var message = CoordinatorMail.New(Alice, "Suivi 3340000017/U-000123-PPER-PPA-2026-0042", "Point d'étape favorable.", TestEnvironment.GatewayItMailbox);
        await CoordinatorMail.SendAsync(Alice, message);

        var bundle = await WaitForMailSubmissionAsync(host, message.MessageId!);

        var communication = bundle.Entry.Select(e => e.Resource).OfType<Communication>().Single();
        Assert.Equal("Patient?identifier=https%3A%2F%2Fidentifiant-medicosocial-localusager.esante.gouv.fr|3340000017%2FU-000123", communication.Subject!.Reference);
    }

    [Fact]
    public async Task A_PCPE_document_attached_to_a_message_is_taken_like_a_push_and_names_the_person()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, Reading());
        var message = CoordinatorMail.New(Alice, "Évaluation", "Voici l'évaluation fonctionnelle.", TestEnvironment.GatewayItMailbox);
        var body = new BodyBuilder { TextBody = "Voici l'évaluation fonctionnelle." };
        body.Attachments.Add("evaluation.json", File.ReadAllBytes(TestEnvironment.Sample("assessment.json")), new ContentType("application", "json"));
        message.Body = body.ToMessageBody();
        await CoordinatorMail.SendAsync(Alice, message);

        var bundle = await WaitForMailSubmissionAsync(host, message.MessageId!);

        // The message is about the person of the document, with no XDM and no quoted identifier.
        var communication = bundle.Entry.Select(e => e.Resource).OfType<Communication>().Single();
        Assert.Equal("Patient?identifier=urn%3Aoid%3A1.2.250.1.213.1.4.10|253072B07300470", communication.Subject!.Reference);
        // The assessment itself became a submission of its own and was relayed with its legal basis.
        var statuses = await DeliveryStatusesAsync(host, "EVAL-2026-0031");
        Assert.NotEmpty(statuses);
        var deadline = DateTime.UtcNow + Wait;
        while (statuses.Any(s => s is "Pending" or "InFlight" or "RetryScheduled") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            statuses = await DeliveryStatusesAsync(host, "EVAL-2026-0031");
        }

        Assert.All(statuses, s => Assert.Equal("Delivered", s));
        var relayed = host.EParcours.LogEntries.Select(e => FhirJson.Deserialize<Bundle>(e.RequestMessage.Body!)).ToList();
        Assert.Contains(relayed, b => b.Entry.Any(e => e.Resource is Observation o && o.HasMember.Count > 0));
    }

    [Fact]
    public async Task An_invalid_PCPE_document_attached_to_a_message_is_quarantined_with_its_first_problem()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, Reading());
        var assessment = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample("assessment.json")))!;
        assessment["needs"]![0]!["code"] = "9.9.9";
        var message = CoordinatorMail.New(Alice, "Évaluation", "Voici l'évaluation.", TestEnvironment.GatewayItMailbox);
        message.Headers.Add(HeaderId.DispositionNotificationTo, Alice);
        var body = new BodyBuilder { TextBody = "Voici l'évaluation." };
        body.Attachments.Add("evaluation.json", Encoding.UTF8.GetBytes(assessment.ToJsonString()), new ContentType("application", "json"));
        message.Body = body.ToMessageBody();
        await CoordinatorMail.SendAsync(Alice, message);

        var answer = await TestMailbox.WaitForReplyAsync(Alice, message.MessageId!, Wait);

        Assert.StartsWith("[KO Intégration système !][906]", answer.Subject, StringComparison.Ordinal);
        Assert.Contains("906^", DeliveryReportParser.TryParse(answer)!.Reason, StringComparison.Ordinal);
        Assert.Contains("$.needs[0].code", answer.BodyParts.OfType<TextPart>().First().Text, StringComparison.Ordinal);
        Assert.Equal(0, await host.CountAsync("submissions"));
    }

    [Fact]
    public async Task A_message_about_nobody_identifiable_is_quarantined_and_the_coordinator_told_903()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, Reading());
        var message = CoordinatorMail.New(Alice, "Question", "Pouvez-vous me rappeler ?", TestEnvironment.GatewayItMailbox);
        message.Headers.Add(HeaderId.DispositionNotificationTo, Alice);
        await CoordinatorMail.SendAsync(Alice, message);

        var answer = await TestMailbox.WaitForReplyAsync(Alice, message.MessageId!, Wait);

        Assert.StartsWith("[KO Intégration système !][903]", answer.Subject, StringComparison.Ordinal);
        Assert.Contains("903^", DeliveryReportParser.TryParse(answer)!.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await host.CountAsync("submissions"));
    }

    [Fact]
    public async Task A_coordinator_named_by_RPPS_writes_from_the_mailbox_the_national_directory_lists_for_them()
    {
        using var directory = new NationalDirectory.StandInDirectory();
        directory.Practitioner("10008888884", "BERNARD", "Bob", (Bob, "PER", 1));
        await using var host = await GatewayTestHost.StartAsync(provider, Reading(new()
        {
            ["Gateway:Directory:BaseUrl"] = directory.BaseUrl,
            ["Gateway:Directory:ApiKey"] = NationalDirectory.StandInDirectory.ApiKey,
            ["Gateway:Mss:Coordinators:0"] = "10008888884",
        }));
        // Bob is not among the known senders (Alice is): the directory is what knows him.
        var message = CoordinatorMail.New(Bob, "Question", "Pouvez-vous me rappeler ?", TestEnvironment.GatewayItMailbox);
        message.Headers.Add(HeaderId.DispositionNotificationTo, Bob);
        await CoordinatorMail.SendAsync(Bob, message);

        var answer = await TestMailbox.WaitForReplyAsync(Bob, message.MessageId!, Wait);

        // Taken as a coordinator's message, then set aside for what it says (it names nobody: 903), not for who sent it (901).
        Assert.StartsWith("[KO Intégration système !][903]", answer.Subject, StringComparison.Ordinal);
        Assert.Contains(directory.Requests, r => r.RequestMessage.Query!["identifier"].Single() == "https://rpps.esante.gouv.fr|10008888884");

        // Someone the directory does not list for a coordinator is still refused as an unknown sender.
        const string outsider = "outsider@pcpe.test";
        var intruding = CoordinatorMail.New(outsider, "Question", "Pouvez-vous me rappeler ?", TestEnvironment.GatewayItMailbox);
        await CoordinatorMail.SendAsync(outsider, intruding);
        var refused = await TestMailbox.WaitForReplyAsync(outsider, intruding.MessageId!, Wait);
        Assert.StartsWith("[KO Intégration système !][901]", refused.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coordinators_messages_leave_nothing_of_the_person_or_of_the_message_in_the_logs()
    {
        using var log = new LogFile();
        var stored = CoordinatorMail.New(Alice, "Visite chez Séraphine CANARYNAME", "Visite canarybody : voir pièce jointe.", TestEnvironment.GatewayItMailbox);
        var xdm = new BodyBuilder { TextBody = "Visite canarybody : voir pièce jointe." };
        xdm.Attachments.Add("IHE_XDM.ZIP", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "corpus", "xdm-valid-other-software.zip")), new ContentType("application", "zip"));
        stored.Body = xdm.ToMessageBody();

        var assessment = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample("assessment.json")))!;
        assessment["needs"]![0]!["code"] = "9.9.9";
        assessment["person"]!["familyName"] = "CANARYNAME";
        var invalid = CoordinatorMail.New(Alice, "Évaluation de CANARYNAME", "Évaluation canarybody.", TestEnvironment.GatewayItMailbox);
        invalid.Headers.Add(HeaderId.DispositionNotificationTo, Alice);
        var attached = new BodyBuilder { TextBody = "Évaluation canarybody." };
        attached.Attachments.Add("evaluation-canaryname.json", Encoding.UTF8.GetBytes(assessment.ToJsonString()), new ContentType("application", "json"));
        invalid.Body = attached.ToMessageBody();

        var nobody = CoordinatorMail.New(Alice, "Question sur CANARYNAME", "Rappeler canarybody.", TestEnvironment.GatewayItMailbox);
        nobody.Headers.Add(HeaderId.DispositionNotificationTo, Alice);

        await using (var host = await GatewayTestHost.StartAsync(provider, log.Settings(Reading())))
        {
            foreach (var message in new[] { stored, invalid, nobody })
            {
                await CoordinatorMail.SendAsync(Alice, message);
            }

            await WaitForMailSubmissionAsync(host, stored.MessageId!);
            await TestMailbox.WaitForReplyAsync(Alice, invalid.MessageId!, Wait);
            await TestMailbox.WaitForReplyAsync(Alice, nobody.MessageId!, Wait);
        }

        var lines = log.Lines();
        Assert.Contains(lines, l => l.Template.StartsWith("Mail UID {Uid} stored", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.Template.StartsWith("Mail UID {Uid} quarantined", StringComparison.Ordinal)));
        LogFile.AssertNoneCarries(lines, ["CANARYNAME", "canarybody", "295109912611193", "2951099126111", Alice]);
    }

    [Fact]
    public async Task A_bounce_turns_the_delivered_mail_into_a_dead_letter_with_the_reason()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, Reading(new()
        {
            ["Gateway:Routes:0:Recipients:0"] = "hopital",
            ["Gateway:Routes:0:Recipients:1"] = null,
            ["Gateway:Recipients:hopital:Address"] = "nobody@hopital.test",
        }));

        using var pushed = await host.Client.PostAsync("/api/v1/plans", new StringContent(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")), Encoding.UTF8, "application/json"));
        var delivery = await WaitForReceiptAsync(host, pushed.Headers.Location!);

        Assert.Equal("DeadLettered", delivery.GetProperty("status").GetString());
        Assert.StartsWith("DSN failed: 5.1.1", delivery.GetProperty("receipt").GetString(), StringComparison.Ordinal);
        Assert.Equal(delivery.GetProperty("receipt").GetString(), delivery.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task The_hospitals_receipt_is_recorded_on_its_delivery_an_integration_error_dead_letters_it_and_another_mailbox_cannot_answer_for_it()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, Reading(new()
        {
            ["Gateway:Routes:0:Recipients:0"] = "hopital",
            ["Gateway:Routes:0:Recipients:1"] = null,
        }));
        var template = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")))!;
        var answers = new Dictionary<string, string>
        {
            ["PPA-MDN-PROCESSED"] = "automatic-action/MDN-sent-automatically; processed",
            ["PPA-MDN-904"] = "automatic-action/MDN-sent-automatically; processed/Error: 904^INS ne correspondant pas",
        };
        var deliveries = new Dictionary<string, JsonElement>();
        var submissions = new Dictionary<string, Uri>();
        var mails = new Dictionary<string, MimeMessage>();
        foreach (var (documentId, disposition) in answers)
        {
            var plan = template.DeepClone();
            plan["documentId"] = documentId;
            using var pushed = await host.Client.PostAsync("/api/v1/plans", new StringContent(plan.ToJsonString(), Encoding.UTF8, "application/json"));
            submissions[documentId] = pushed.Headers.Location!;
            var sent = (await host.WaitUntilSettledAsync(pushed.Headers.Location!, Wait)).GetProperty("deliveries").EnumerateArray().Single();
            Assert.Equal("Delivered", sent.GetProperty("status").GetString());

            // The hospital's software finds the receipt asked for, and answers it from the mailbox the mail reached.
            // Before it, another mailbox sends the opposite answer about the same message: it must change nothing.
            var mail = await TestMailbox.WaitForMessageAsync(TestEnvironment.HospitalMailbox, $"{sent.GetProperty("id").GetGuid():N}@pcpe.test", Wait);
            Assert.Equal(TestEnvironment.GatewayItMailbox, mail.Headers[HeaderId.DispositionNotificationTo]);
            mails[documentId] = mail;
            var opposite = answers.Values.Single(d => d != disposition);
            await CoordinatorMail.SendAsync(Bob, Receipt(mail, Bob, opposite));
            await CoordinatorMail.SendAsync(TestEnvironment.HospitalMailbox, Receipt(mail, TestEnvironment.HospitalMailbox, disposition));
            deliveries[documentId] = await WaitForReceiptAsync(host, pushed.Headers.Location!);
        }

        var processed = deliveries["PPA-MDN-PROCESSED"];
        Assert.Equal("Delivered", processed.GetProperty("status").GetString());
        Assert.Equal("MDN ok: automatic-action/MDN-sent-automatically; processed", processed.GetProperty("receipt").GetString());
        Assert.Equal(JsonValueKind.Null, processed.GetProperty("lastError").ValueKind);
        var refused = deliveries["PPA-MDN-904"];
        Assert.Equal("DeadLettered", refused.GetProperty("status").GetString());
        // The ANS code and what it means, for the operator who reads the dead letter.
        Assert.Equal("MDN failed: integration error 904 (INS ne correspondant pas): automatic-action/MDN-sent-automatically; processed/Error: 904^INS ne correspondant pas", refused.GetProperty("receipt").GetString());
        Assert.Equal(refused.GetProperty("receipt").GetString(), refused.GetProperty("lastError").GetString());
        // What an operator's alert on hospitals' integration errors reads (this collection runs alone: one host's
        // counts). The last forged receipt may still be on its way: the mail server need not keep the sending order.
        const string ignoredTwice = "pcpe_mail_reports_total\\{[^}]*effect=\"ignored\"[^}]*kind=\"MDN\"[^}]*recipient=\"hopital\"[^}]*\\} 2\\b";
        var metrics = await host.Client.GetStringAsync("/metrics");
        for (var deadline = DateTime.UtcNow + Wait; !System.Text.RegularExpressions.Regex.IsMatch(metrics, ignoredTwice) && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(300);
            metrics = await host.Client.GetStringAsync("/metrics");
        }

        Assert.Matches("pcpe_mail_reports_total\\{[^}]*effect=\"ok\"[^}]*kind=\"MDN\"[^}]*recipient=\"hopital\"[^}]*\\} 1\\b", metrics);
        Assert.Matches("pcpe_mail_reports_total\\{[^}]*effect=\"failed\"[^}]*kind=\"MDN\"[^}]*recipient=\"hopital\"[^}]*\\} 1\\b", metrics);
        Assert.Matches(ignoredTwice, metrics);

        // The hospital corrects the person's identity and the operator replays: a new sending, with a Message-ID
        // of its own that the hospital's software will not drop as a message it has already integrated.
        var refusedId = refused.GetProperty("id").GetGuid();
        using var replay = await host.Client.PostAsync($"/api/v1/deliveries/{refusedId}/replay", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, replay.StatusCode);
        var again = await TestMailbox.WaitForMessageAsync(TestEnvironment.HospitalMailbox, $"{refusedId:N}.1@pcpe.test", Wait);
        // Its XDM is a new submission too (IHE XDS: one SubmissionSet.uniqueId per submission).
        Assert.NotEqual(await SubmissionSetIdAsync(mails["PPA-MDN-904"]), await SubmissionSetIdAsync(again));
        await CoordinatorMail.SendAsync(TestEnvironment.HospitalMailbox, Receipt(again, TestEnvironment.HospitalMailbox, answers["PPA-MDN-PROCESSED"]));
        var replayed = await WaitForReceiptAsync(host, submissions["PPA-MDN-904"]);
        Assert.Equal("Delivered", replayed.GetProperty("status").GetString());
        Assert.Equal("MDN ok: automatic-action/MDN-sent-automatically; processed", replayed.GetProperty("receipt").GetString());
    }

    [Fact]
    public async Task The_receipt_of_a_hospital_written_to_at_its_mailbox_in_the_national_directory_is_recorded()
    {
        using var directory = new NationalDirectory.StandInDirectory();
        directory.Organization("340780220", "CH DE TEST", (TestEnvironment.HospitalMailbox, "ORG", 1));
        await using var host = await GatewayTestHost.StartAsync(provider, Reading(new()
        {
            ["Gateway:Directory:BaseUrl"] = directory.BaseUrl,
            ["Gateway:Directory:ApiKey"] = NationalDirectory.StandInDirectory.ApiKey,
            ["Gateway:Recipients:chu:Channel"] = "MsSante",
            ["Gateway:Recipients:chu:Finess"] = "340780220",
            ["Gateway:Recipients:chu:Category"] = "HealthEstablishment",
            ["Gateway:Recipients:chu:CareTeamOf:0"] = GatewayTestHost.Structure,
            ["Gateway:Routes:0:Recipients:0"] = "chu",
            ["Gateway:Routes:0:Recipients:1"] = null,
        }));
        var plan = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")))!;
        plan["documentId"] = "PPA-MDN-ANNUAIRE";
        using var pushed = await host.Client.PostAsync("/api/v1/plans", new StringContent(plan.ToJsonString(), Encoding.UTF8, "application/json"));
        var sent = (await host.WaitUntilSettledAsync(pushed.Headers.Location!, Wait)).GetProperty("deliveries").EnumerateArray().Single();
        var mail = await TestMailbox.WaitForMessageAsync(TestEnvironment.HospitalMailbox, $"{sent.GetProperty("id").GetGuid():N}@pcpe.test", Wait);

        // The delivery names no address: the receipt is matched against the mailbox the directory gave.
        await CoordinatorMail.SendAsync(TestEnvironment.HospitalMailbox, Receipt(mail, TestEnvironment.HospitalMailbox, "automatic-action/MDN-sent-automatically; processed"));
        var delivery = await WaitForReceiptAsync(host, pushed.Headers.Location!);

        Assert.Equal("MDN ok: automatic-action/MDN-sent-automatically; processed", delivery.GetProperty("receipt").GetString());
    }

    private static async Task<string?> SubmissionSetIdAsync(MimeMessage mail)
    {
        using var zip = new MemoryStream();
        await mail.Attachments.OfType<MimePart>().Single(a => a.FileName == "IHE_XDM.ZIP").Content!.DecodeToAsync(zip);
        return Pcpe.Mss.Xdm.XdmPackageReader.Read(zip.ToArray()).SubmissionSetUniqueId;
    }

    /// <summary>An MDN (RFC 8098) as a hospital's software sends it after integrating, or failing to integrate, a message.</summary>
    private static MimeMessage Receipt(MimeMessage original, string from, string disposition)
    {
        var notification = new MessageDispositionNotification();
        notification.Fields.Add("Reporting-UA", "lps.hopital.test; LPS de test");
        notification.Fields.Add("Final-Recipient", $"rfc822; {from}");
        notification.Fields.Add("Original-Message-ID", $"<{original.MessageId}>");
        notification.Fields.Add("Disposition", disposition);
        var receipt = new MimeMessage
        {
            Subject = "Accusé de traitement : " + original.Subject,
            MessageId = $"{Guid.NewGuid():N}@hopital.test",
            InReplyTo = original.MessageId,
            Body = new MultipartReport("disposition-notification") { new TextPart("plain") { Text = "Accusé de traitement automatique." }, notification },
        };
        receipt.From.Add(MailboxAddress.Parse(from));
        receipt.To.Add(MailboxAddress.Parse(original.Headers[HeaderId.DispositionNotificationTo]!));
        return receipt;
    }

    /// <summary>The submission's only delivery, once a DSN or MDN about it has been recorded (or the wait is over).</summary>
    private static async Task<JsonElement> WaitForReceiptAsync(GatewayTestHost host, Uri submission)
    {
        var deadline = DateTime.UtcNow + Wait;
        JsonElement delivery;
        do
        {
            await Task.Delay(300);
            delivery = (await host.WaitUntilSettledAsync(submission, Wait)).GetProperty("deliveries").EnumerateArray().Single();
        }
        while (delivery.GetProperty("receipt").ValueKind == JsonValueKind.Null && DateTime.UtcNow < deadline);

        return delivery;
    }

    private static async Task<Bundle> WaitForMailSubmissionAsync(GatewayTestHost host, string messageId)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            await using var connection = host.OpenStore();
            var document = await connection.QueryFirstOrDefaultAsync<byte[]>("SELECT d.document FROM submissions s JOIN submission_documents d ON d.submission_id = s.id WHERE s.kind = 'mail' AND s.document_id = @messageId", new { messageId });
            if (document is not null)
            {
                return FhirJson.Deserialize<Bundle>(host.Services.GetRequiredService<GatewayStore>().Unseal(document));
            }

            Assert.True(DateTime.UtcNow < deadline, "the message did not become a submission in time");
            await Task.Delay(200);
        }
    }

    private static async Task<List<string>> DeliveryStatusesAsync(GatewayTestHost host, string messageId)
    {
        await using var connection = host.OpenStore();
        return (await connection.QueryAsync<string>(
            "SELECT d.status FROM deliveries d JOIN submissions s ON s.id = d.submission_id WHERE s.document_id = @messageId", new { messageId })).ToList();
    }

    private static async Task<ImapClient> GatewayImapAsync()
    {
        var client = new ImapClient();
        await MailConnector.ConnectAsync(client, new MailEndpointOptions
        {
            Host = TestEnvironment.ImapHost,
            Port = TestEnvironment.ImapPort,
            CaBundlePath = TestEnvironment.CaBundle,
            CheckRevocation = false,
            ClientCertificatePath = TestEnvironment.Pfx("gateway-it"),
            ClientCertificatePassword = TestEnvironment.PfxPassword,
        }, null, CancellationToken.None);
        return client;
    }
}

/// <summary>The mail intake tests run one after the other: they share the gateway's mailbox.</summary>
[CollectionDefinition(nameof(MailIntakeTests), DisableParallelization = true)]
public sealed class MailIntakeCollection;

[Collection(nameof(MailIntakeTests))]
public sealed class SqliteMailIntakeTests() : MailIntakeTests(StoreProvider.Sqlite);

[Collection(nameof(MailIntakeTests))]
public sealed class PostgresMailIntakeTests() : MailIntakeTests(StoreProvider.Postgres);
