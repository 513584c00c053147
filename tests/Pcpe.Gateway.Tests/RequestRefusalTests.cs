using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Model;
using Pcpe.Fhir;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// What a DUI integrator gets back for a request the gateway cannot read at all: another media type than
/// JSON, another charset than UTF-8, an oversized body, broken JSON. Each is named with its own status and
/// an OperationOutcome, and nothing is stored.
/// </summary>
public class RequestRefusalTests
{
    private static byte[] SamplePlan() => File.ReadAllBytes(TestEnvironment.Sample("plan-minimal.json"));

    private static ByteArrayContent Body(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    private static async Task<OperationOutcome.IssueComponent> SingleIssueAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType!.MediaType);
        return Assert.Single(FhirJson.Deserialize<OperationOutcome>(await response.Content.ReadAsStringAsync()).Issue);
    }

    [Theory]
    [InlineData("/api/v1/plans", "text/plain", "Content-Type is not JSON")]
    [InlineData("/api/v1/plans", "application/x-www-form-urlencoded", "Content-Type is not JSON")]
    [InlineData("/api/v1/plans", "application/json; charset=iso-8859-1", "charset is not UTF-8")]
    [InlineData("/api/v1/plans", null, "no Content-Type")]
    [InlineData("/fhir", "application/fhir+xml", "Content-Type is not JSON")]
    [InlineData("/api/v1/$preview", "text/plain", "Content-Type is not JSON")]
    [InlineData("/fhir/Consent", "application/xml", "Content-Type is not JSON")]
    public async Task A_body_that_is_not_declared_as_JSON_in_UTF_8_is_refused_with_415_and_nothing_is_stored(string path, string? contentType, string reason)
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);

        // The body is the sample plan, readable as JSON: the declared type alone decides.
        using var response = await host.Client.PostAsync(path, Body(SamplePlan(), contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var issue = await SingleIssueAsync(response);
        Assert.Equal(OperationOutcome.IssueType.NotSupported, issue.Code);
        Assert.Contains(reason, issue.Diagnostics, StringComparison.Ordinal);
        Assert.Contains("application/json or application/fhir+json", issue.Diagnostics, StringComparison.Ordinal);
        Assert.Equal(0, await host.CountAsync("submissions"));
        Assert.Equal(0, await host.CountAsync("consents"));
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/fhir+json")]
    [InlineData("application/json+fhir")]
    public async Task Every_JSON_media_type_in_UTF_8_is_read(string contentType)
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);

        using var response = await host.Client.PostAsync("/api/v1/plans", Body(SamplePlan(), contentType));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, await host.CountAsync("submissions"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_document_over_5_MB_is_refused_with_413_whether_or_not_its_length_is_declared(bool declaresLength)
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        // A plan padded with spaces after its closing brace: valid JSON, only too large.
        var plan = SamplePlan();
        var oversized = new byte[5 * 1024 * 1024 + 1];
        oversized.AsSpan().Fill((byte)' ');
        plan.CopyTo(oversized, 0);
        HttpContent content = declaresLength
            ? Body(oversized, "application/json")
            : new StreamContent(new UnknownLengthStream(oversized)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

        using var response = await host.Client.PostAsync("/api/v1/plans", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var issue = await SingleIssueAsync(response);
        Assert.Equal(OperationOutcome.IssueType.TooCostly, issue.Code);
        Assert.Equal("documents are limited to 5242880 bytes", issue.Diagnostics);
        Assert.Equal(0, await host.CountAsync("submissions"));
    }

    [Fact]
    public async Task Broken_JSON_is_located_by_line_and_byte_without_quoting_it()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        // A trailing comma on the second line, after a value that must not come back. The position is the first
        // byte that cannot be JSON: the brace after the comma (24th byte of its line); in the Bundle's bare word,
        // read as the start of "true", the "a" after "tr" (13th byte of the third line).
        var broken = "{\"documentId\": \"U-000123-PPER\",\n \"title\": \"Mme Martin\",}";

        using var plan = await host.Client.PostAsync("/api/v1/plans", Body(Encoding.UTF8.GetBytes(broken), "application/json"));
        using var bundle = await host.Client.PostAsync("/fhir", Body(Encoding.UTF8.GetBytes("{\"resourceType\": \"Bundle\",\n\n  \"type\": transaction}"), "application/fhir+json"));

        Assert.Equal(HttpStatusCode.BadRequest, plan.StatusCode);
        var issue = await SingleIssueAsync(plan);
        Assert.Equal("the document is not valid JSON here (line 2, byte 24)", issue.Diagnostics);
        Assert.DoesNotContain("Martin", await plan.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bundle.StatusCode);
        Assert.Equal("not valid JSON here (line 3, byte 13)", (await SingleIssueAsync(bundle)).Diagnostics);
        Assert.Equal(0, await host.CountAsync("submissions"));
    }

    // A body sent chunked: the server learns its size only by reading it.
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
