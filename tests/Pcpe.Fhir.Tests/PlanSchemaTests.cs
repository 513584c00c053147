using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Tests;

/// <summary>The published JSON Schema and the contract the gateway reads stay the same, field by field.</summary>
public class PlanSchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(ProfileResources.ReadBytes("profiles/schemas/pcpe-plan.schema.json")).RootElement;

    private static JsonElement Resolve(JsonElement node)
        => node.TryGetProperty("$ref", out var reference) ? Schema.GetProperty("$defs").GetProperty(reference.GetString()!.Split('/')[^1]) : node;

    public static TheoryData<string, Type> Objects() => new()
    {
        { "$", typeof(SupportPlan) },
        { "$.structure", typeof(Structure) },
        { "$.person", typeof(PersonIdentity) },
        { "$.person.ins", typeof(InsIdentifier) },
        { "$.period", typeof(PlanPeriod) },
        { "$.needs[]", typeof(AssessedNeed) },
        { "$.services[]", typeof(DirectService) },
        { "$.sharing", typeof(SharingPreferences) },
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void Schema_properties_and_required_fields_match_the_contract(string path, Type type)
    {
        var node = Schema;
        foreach (var step in path.Split('.').Skip(1))
        {
            node = Resolve(node).GetProperty("properties").GetProperty(step.TrimEnd('[', ']'));
            if (step.EndsWith("[]", StringComparison.Ordinal))
            {
                node = node.GetProperty("items");
            }
        }

        node = Resolve(node);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        string Json(PropertyInfo p) => JsonNamingPolicy.CamelCase.ConvertName(p.Name);

        Assert.Equal(properties.Select(Json).Order(), node.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        var required = node.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()!).Order().ToList() : [];
        Assert.Equal(properties.Where(p => p.GetCustomAttribute<RequiredMemberAttribute>() is not null).Select(Json).Order(), required);
        Assert.False(node.GetProperty("additionalProperties").GetBoolean());
    }
}
