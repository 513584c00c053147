using System.Text;
using Pcpe.Mss.Xdm;
using Pcpe.Testing;

namespace Pcpe.Mss.Tests;

public class XdmRoundTripTests
{
    [Fact]
    public void What_the_writer_packs_the_reader_returns_with_its_metadata()
    {
        var json = Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\"}");
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4 fake");
        var zip = XdmPackageWriter.Write(XdmSamples.Submission(
            "253072B07300470",
            "1.2.250.1.213.1.4.8",
            XdmSamples.Document(json, "application/fhir+json", "JSN", "2.25.100"),
            XdmSamples.Document(pdf, "application/pdf", "PDF", "2.25.101")));

        var package = XdmPackageReader.Read(zip);

        Assert.Equal(("253072B07300470", "1.2.250.1.213.1.4.8"), package.Ins);
        Assert.Equal("2.25.42", package.SubmissionSetUniqueId);
        Assert.Equal(["DOC0001.JSN", "DOC0002.PDF"], package.Documents.Select(d => d.Uri));
        Assert.Equal(json, package.Documents[0].Content);
        Assert.Equal(pdf, package.Documents[1].Content);
        Assert.Equal("application/pdf", package.Documents[1].MimeType);
        Assert.Equal("2.25.101", package.Documents[1].UniqueId);
        Assert.Equal("11", package.Documents[0].ClassCode!.Code);
        Assert.Equal("Projet personnalisé", package.Documents[0].Title);
    }

    [Theory]
    [InlineData("295109912611193^^^&1.2.250.1.213.1.4.8&ISO", "295109912611193", "1.2.250.1.213.1.4.8")]
    [InlineData("3340000017/U-1^^^&1.2.250.1.71.4.2.7&ISO", null, null)]
    [InlineData("nonsense", null, null)]
    public void The_INS_is_read_only_from_an_INS_assigning_authority(string cx, string? ins, string? oid)
    {
        var parsed = PatientIdentifiers.TryParseIns(cx);
        Assert.Equal(ins, parsed?.Ins);
        Assert.Equal(oid, parsed?.Oid);
    }
}
