using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Tests;

/// <summary>The published JSON Schemas and the contract the gateway reads stay the same, field by field.</summary>
public class DocumentSchemaTests
{
    private static JsonElement Schema(string name) => JsonDocument.Parse(ProfileResources.ReadBytes($"profiles/schemas/pcpe-{name}.schema.json")).RootElement;

    private static JsonElement Resolve(JsonElement schema, JsonElement node)
        => node.TryGetProperty("$ref", out var reference) ? schema.GetProperty("$defs").GetProperty(reference.GetString()!.Split('/')[^1]) : node;

    public static TheoryData<string, string, Type> Objects() => new()
    {
        { "plan", "$", typeof(SupportPlan) },
        { "plan", "$.structure", typeof(Structure) },
        { "plan", "$.person", typeof(PersonIdentity) },
        { "plan", "$.person.ins", typeof(InsIdentifier) },
        { "plan", "$.period", typeof(PlanPeriod) },
        { "plan", "$.relatedParties[]", typeof(RelatedParty) },
        { "plan", "$.coordinator", typeof(Coordinator) },
        { "plan", "$.coordinator.professional", typeof(Professional) },
        { "plan", "$.cdaph", typeof(CdaphNotification) },
        { "plan", "$.needs[]", typeof(Need) },
        { "plan", "$.goals[]", typeof(PlanGoal) },
        { "plan", "$.services[]", typeof(DirectService) },
        { "plan", "$.services[].provider", typeof(ServiceProvider) },
        { "plan", "$.familySupport[]", typeof(FamilySupport) },
        { "plan", "$.agreement", typeof(PlanAgreement) },
        { "plan", "$.sharing", typeof(SharingPreferences) },
        { "assessment", "$", typeof(FunctionalAssessment) },
        { "assessment", "$.evaluators[]", typeof(Professional) },
        { "assessment", "$.context", typeof(AssessmentContext) },
        { "assessment", "$.context.cdaph", typeof(CdaphNotification) },
        { "assessment", "$.findings[]", typeof(FunctionalFinding) },
        { "assessment", "$.needs[]", typeof(AssessedNeed) },
        { "assessment", "$.reports[]", typeof(AttachedReport) },
        { "transition", "$", typeof(TransitionPlan) },
        { "transition", "$.supportPlan", typeof(SupportPlanLink) },
        { "transition", "$.from", typeof(TransitionPlace) },
        { "transition", "$.to", typeof(TransitionPlace) },
        { "transition", "$.receivingCoordinator", typeof(Professional) },
        { "transition", "$.steps[]", typeof(TransitionStep) },
        { "transition", "$.handover", typeof(Handover) },
        { "transition", "$.handover.needs[]", typeof(Need) },
        { "transition", "$.handover.currentServices[]", typeof(DirectService) },
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void Schema_properties_and_required_fields_match_the_contract(string schemaName, string path, Type type)
    {
        var schema = Schema(schemaName);
        var node = schema;
        foreach (var step in path.Split('.').Skip(1))
        {
            node = Resolve(schema, node).GetProperty("properties").GetProperty(step.TrimEnd('[', ']'));
            if (step.EndsWith("[]", StringComparison.Ordinal))
            {
                node = node.GetProperty("items");
            }
        }

        node = Resolve(schema, node);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        string Json(PropertyInfo p) => JsonNamingPolicy.CamelCase.ConvertName(p.Name);

        Assert.Equal(properties.Select(Json).Order(), node.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        var required = node.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()!).Order().ToList() : [];
        Assert.Equal(properties.Where(p => p.GetCustomAttribute<RequiredMemberAttribute>() is not null).Select(Json).Order(), required);
        Assert.False(node.GetProperty("additionalProperties").GetBoolean());
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("assessment")]
    [InlineData("transition")]
    public void Every_schema_reference_resolves(string schemaName)
    {
        var schema = Schema(schemaName);
        var references = new List<string>();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        if (p.Name == "$ref")
                        {
                            references.Add(p.Value.GetString()!);
                        }

                        Walk(p.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Walk(item);
                    }

                    break;
            }
        }

        Walk(schema);
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(schema.GetProperty("$defs").TryGetProperty(r.Split('/')[^1], out _), r));
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("assessment")]
    [InlineData("transition")]
    public void Every_free_text_field_of_the_schema_has_the_maximum_length_the_checks_enforce(string schemaName)
    {
        var schema = Schema(schemaName);
        var texts = new List<(string Field, int? MaxLength)>();
        void Walk(JsonElement node)
        {
            if (node.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (node.TryGetProperty("properties", out var properties))
            {
                foreach (var property in properties.EnumerateObject())
                {
                    var value = property.Value.TryGetProperty("items", out var items) ? items : property.Value;
                    var isFreeText = value.TryGetProperty("type", out var type) && type.GetString() == "string"
                        && !value.TryGetProperty("enum", out _) && !value.TryGetProperty("pattern", out _)
                        && !(value.TryGetProperty("format", out var format) && format.GetString() == "date");
                    if (isFreeText)
                    {
                        texts.Add((property.Name, value.TryGetProperty("maxLength", out var max) ? max.GetInt32() : null));
                    }

                    Walk(property.Value);
                }
            }

            foreach (var nested in new[] { "items", "$defs" }.Where(n => node.TryGetProperty(n, out _)))
            {
                var child = node.GetProperty(nested);
                Walk(child);
                if (nested == "$defs")
                {
                    foreach (var definition in child.EnumerateObject())
                    {
                        Walk(definition.Value);
                    }
                }
            }
        }

        Walk(schema);

        Assert.NotEmpty(texts);
        Assert.All(texts, t => Assert.True(
            t.MaxLength == Pcpe.Fhir.Input.TextLimits.For("$." + t.Field),
            $"{schemaName}: {t.Field} has maxLength {t.MaxLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, the checks {Pcpe.Fhir.Input.TextLimits.For("$." + t.Field)}"));
        Assert.Contains(texts, t => t.Field == "familyName" && t.MaxLength == Pcpe.Fhir.Input.TextLimits.Short);
        Assert.Contains(texts, t => t.Field == "givenNames" && t.MaxLength == Pcpe.Fhir.Input.TextLimits.Short);
    }
}
