using System.Reflection;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// The parts keep to their boundaries, as the compiled assemblies show: Pcpe.Fhir does no I/O and knows no host,
/// Pcpe.Mss knows mail and not HTTP, and mail libraries stay inside Pcpe.Mss.
/// </summary>
public class DependencyDirectionTests
{
    private static IReadOnlyList<string> ReferencesOf(string assembly)
        => [.. Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name!)];

    [Theory]
    [InlineData("Pcpe.Fhir")]
    [InlineData("Pcpe.Fhir.Validation")]
    public void The_FHIR_core_references_no_database_mail_web_or_gateway_assembly(string assembly)
        => Assert.DoesNotContain(ReferencesOf(assembly), name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || name is "Npgsql" or "Microsoft.Data.Sqlite" or "Dapper" or "MailKit" or "MimeKit" or "Pcpe.Mss" or "Pcpe.Gateway" or "System.Net.Http");

    [Fact]
    public void The_mail_part_references_no_web_FHIR_or_gateway_assembly()
        => Assert.DoesNotContain(ReferencesOf("Pcpe.Mss"), name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || name is "System.Net.Http" or "Pcpe.Gateway" or "Pcpe.Fhir" or "Hl7.Fhir.R4" or "Npgsql" or "Microsoft.Data.Sqlite");

    [Fact]
    public void The_host_uses_no_mail_library_itself()
    {
        var references = ReferencesOf("Pcpe.Gateway");
        Assert.Contains("Pcpe.Mss", references);
        Assert.DoesNotContain(references, name => name is "MailKit" or "MimeKit");
    }
}
