using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Input;

/// <summary>Business checks of a support plan once it is structurally readable. Reports every problem.</summary>
public sealed class SupportPlanValidator(TerminologyIndex terminology, ValidationPolicy policy)
{
    private static readonly string[] PlanStatuses = ["draft", "active", "on-hold", "completed"];
    private static readonly string[] Sexes = ["female", "male", "other", "unknown"];
    private static readonly string[] IdentityStatuses = ["PROV", "RECUP", "VALI", "QUAL"];

    public void Validate(SupportPlan plan, List<InputIssue> issues)
    {
        Require(plan.DocumentId, "$.documentId", issues);
        if (plan.Version < 1)
        {
            issues.Add(new("$.version", "version starts at 1", InputIssueKind.Invalid));
        }

        CheckStructure(plan.Structure, "$.structure", issues);
        PersonValidator.Check(plan.Person, "$.person", policy, issues);

        if (terminology.DisplayInCodeSystem(CodeSystems.PlanType, plan.Type) is null)
        {
            issues.Add(new("$.type", "unknown plan type: expected a TRE_R390 code (PAI, PPA, PPIA, PP, PPI, PA, PI)", InputIssueKind.UnknownCode));
        }

        Require(plan.Title, "$.title", issues);
        if (!PlanStatuses.Contains(plan.Status))
        {
            issues.Add(new("$.status", "status must be draft, active, on-hold or completed", InputIssueKind.Invalid));
        }

        if (plan.Period.End is { } end && end < plan.Period.Start)
        {
            issues.Add(new("$.period.end", "the plan ends before it starts", InputIssueKind.BusinessRule));
        }

        for (var i = 0; i < plan.Needs.Count; i++)
        {
            if (terminology.DisplayInValueSet(CodeSystems.NeedsValueSet, plan.Needs[i].Code) is null)
            {
                issues.Add(new($"$.needs[{i}].code", "not a SERAFIN-PH need code (JDV-J285)", InputIssueKind.UnknownCode));
            }
        }

        for (var i = 0; i < plan.Services.Count; i++)
        {
            var service = plan.Services[i];
            if (terminology.DisplayInValueSet(CodeSystems.DirectServicesValueSet, service.Code) is null)
            {
                issues.Add(new($"$.services[{i}].code", "not a SERAFIN-PH direct service code (JDV-J284)", InputIssueKind.UnknownCode));
            }

            if (service.Period is { } p && (!plan.Period.Contains(p.Start) || (p.End is { } e && !plan.Period.Contains(e))))
            {
                issues.Add(new($"$.services[{i}].period", "the service period lies outside the plan's period", InputIssueKind.BusinessRule));
            }
        }
    }

    internal static void CheckStructure(Structure structure, string path, List<InputIssue> issues)
    {
        if (FinessNumber.Check(structure.Finess) is { } problem)
        {
            issues.Add(new($"{path}.finess", problem, InputIssueKind.Invalid));
        }

        Require(structure.Name, $"{path}.name", issues);
    }

    internal static void Require(string? value, string path, List<InputIssue> issues)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            issues.Add(new(path, "must not be empty", InputIssueKind.Required));
        }
    }

    /// <summary>Checks of the person block shared by every PCPE document.</summary>
    internal static class PersonValidator
    {
        public static void Check(PersonIdentity person, string path, ValidationPolicy policy, List<InputIssue> issues)
        {
            Require(person.LocalId, $"{path}.localId", issues);
            Require(person.FamilyName, $"{path}.familyName", issues);
            if (person.GivenNames.Count == 0 || person.GivenNames.Any(string.IsNullOrWhiteSpace))
            {
                issues.Add(new($"{path}.givenNames", "at least one given name, none empty", InputIssueKind.Required));
            }

            if (!Sexes.Contains(person.Sex))
            {
                issues.Add(new($"{path}.sex", "sex must be female, male, other or unknown", InputIssueKind.Invalid));
            }

            if (person.Ins is not { } ins)
            {
                return;
            }

            if (InsNumber.Check(ins.Number) is { } problem)
            {
                issues.Add(new($"{path}.ins.number", problem, InputIssueKind.Invalid));
            }

            switch (InsNumber.KindOfOid(ins.Oid))
            {
                case null:
                    issues.Add(new($"{path}.ins.oid", "unknown INS OID: expected 1.2.250.1.213.1.4.8 (NIR) or 1.2.250.1.213.1.4.9 (NIA)", InputIssueKind.Invalid));
                    break;
                case InsKind.TestNir or InsKind.DemoNir when !policy.AcceptTestIdentities:
                    issues.Add(new($"{path}.ins.oid", "test and demonstration INS are refused by this gateway", InputIssueKind.Invalid));
                    break;
            }

            if (!IdentityStatuses.Contains(ins.IdentityStatus))
            {
                issues.Add(new($"{path}.ins.identityStatus", "identity status must be PROV, RECUP, VALI or QUAL", InputIssueKind.Invalid));
            }
        }
    }
}
