using System.Text.Json;
using MimeKit;
using Pcpe.Mss.Receiving;
using Pcpe.Mss.Xdm;

namespace Pcpe.Mss.Tests;

/// <summary>The checked-in corpus of hostile and unusual input (tests/Pcpe.Mss.Tests/corpus): each case gives its expected outcome.</summary>
public class BadInputCorpusTests
{
    private static string Corpus(string file) => Path.Combine(AppContext.BaseDirectory, "corpus", file);

    public static TheoryData<string, string> ZipCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in JsonDocument.Parse(File.ReadAllText(Corpus("cases.json"))).RootElement.EnumerateArray())
        {
            data.Add(c.GetProperty("file").GetString()!, c.GetProperty("expect").GetString()!);
        }

        return data;
    }

    public static TheoryData<string> MessageCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in JsonDocument.Parse(File.ReadAllText(Corpus("messages.json"))).RootElement.EnumerateArray())
        {
            data.Add(c.GetProperty("file").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ZipCases))]
    public void Each_archive_of_the_corpus_gets_its_expected_outcome(string file, string expect)
    {
        var bytes = File.ReadAllBytes(Corpus(file));
        if (expect == "Accepted")
        {
            var package = XdmPackageReader.Read(bytes);
            Assert.Equal(("295109912611193", "1.2.250.1.213.1.4.10"), package.Ins);
            Assert.Single(package.Documents);
            return;
        }

        var refused = Assert.Throws<XdmPackageException>(() => XdmPackageReader.Read(bytes));
        Assert.Equal(Enum.Parse<XdmError>(expect), refused.Error);
    }

    [Theory]
    [MemberData(nameof(MessageCases))]
    public async Task Each_message_of_the_corpus_gets_its_expected_outcome(string file)
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Corpus("messages.json"))).RootElement.EnumerateArray()
            .Single(c => c.GetProperty("file").GetString() == file);
        await using var stream = File.OpenRead(Corpus(file));
        var message = await MimeMessage.LoadAsync(IncomingMessageReader.ParserOptions, stream);

        if (expected.GetProperty("expect").GetString() == "Rejected")
        {
            var rejected = Assert.Throws<MessageRejectedException>(() => IncomingMessageReader.Read(message));
            Assert.Contains(expected.GetProperty("reasonContains").GetString()!, rejected.Message, StringComparison.Ordinal);
            Assert.Equal(IntegrationErrorCode.Other, rejected.Code);
            return;
        }

        var incoming = IncomingMessageReader.Read(message);
        if (expected.TryGetProperty("subjectContains", out var subject))
        {
            Assert.Contains(subject.GetString()!, incoming.Subject, StringComparison.Ordinal);
        }

        if (expected.TryGetProperty("textContains", out var text))
        {
            Assert.Contains(text.GetString()!, incoming.Text, StringComparison.Ordinal);
        }

        Assert.Equal(expected.TryGetProperty("signed", out var signed) && signed.GetBoolean(), incoming.Signed);
    }

    [Fact]
    public void The_signature_of_a_signed_message_is_not_taken_for_a_document()
    {
        using var stream = File.OpenRead(Corpus("smime-signed.eml"));
        var incoming = IncomingMessageReader.Read(MimeMessage.Load(IncomingMessageReader.ParserOptions, stream));
        Assert.DoesNotContain(incoming.Attachments, a => a.FileName == "smime.p7s");
    }

    [Fact]
    public void An_oversized_attachment_is_refused_without_being_read_in_full()
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("coord.alice@pcpe.test"));
        message.MessageId = "big@pcpe.test";
        var body = new BodyBuilder { TextBody = "gros" };
        body.Attachments.Add("gros.pdf", new byte[3 * 1024 * 1024], new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();

        var rejected = Assert.Throws<MessageRejectedException>(() => IncomingMessageReader.Read(message, new IncomingLimits { MaxAttachmentBytes = 1024 * 1024 }));
        Assert.Contains("larger than this mailbox accepts", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_with_a_bad_XDM_is_rejected_with_the_reason()
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("coord.alice@pcpe.test"));
        message.MessageId = "badxdm@pcpe.test";
        var body = new BodyBuilder { TextBody = "voir pièce jointe" };
        body.Attachments.Add("IHE_XDM.ZIP", File.ReadAllBytes(Corpus("xdm-hash-mismatch.zip")), new ContentType("application", "zip"));
        message.Body = body.ToMessageBody();

        var rejected = Assert.Throws<MessageRejectedException>(() => IncomingMessageReader.Read(message));
        Assert.Contains("HashMismatch", rejected.Message, StringComparison.Ordinal);
    }
}
