using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Input;

/// <summary>Business checks of a support plan once it is structurally readable. Reports every problem.</summary>
public sealed class SupportPlanValidator(TerminologyIndex terminology, ValidationPolicy policy)
{
    public void Validate(SupportPlan plan, List<InputIssue> issues)
    {
        var check = new DocumentChecks(terminology, policy, issues);
        check.Envelope(plan);
        check.Code(plan.Type, CodeSystems.PlanType, "$.type", "a TRE_R390 plan type (PAI, PPA, PPIA, PP, PPI, PA, PI)");
        check.Require(plan.Title, "$.title");
        check.Status(plan.Status, "$.status");

        check.Period(plan.Period, "$.period", "the plan");
        check.NotBeforeBirth(plan.Person, plan.Period.Start, "$.period.start", "the plan starts");
        for (var i = 0; i < plan.RelatedParties.Count; i++)
        {
            var party = plan.RelatedParties[i];
            check.Code(party.Role, CodeSystems.RelatedPartyRole, $"$.relatedParties[{i}].role", "legal-representative, trusted-person or caregiver");
            check.Require(party.FamilyName, $"$.relatedParties[{i}].familyName");
            check.Require(party.GivenName, $"$.relatedParties[{i}].givenName");
            check.Optional(party.Relationship, $"$.relatedParties[{i}].relationship");
            check.Optional(party.Phone, $"$.relatedParties[{i}].phone");
        }

        if (plan.Coordinator is { } coordinator)
        {
            check.Professional(coordinator.Professional, "$.coordinator.professional");
        }

        if (plan.Cdaph is { } cdaph)
        {
            check.Cdaph(cdaph, "$.cdaph");
        }

        check.Needs(plan.Needs, "$.needs");
        var needCodes = plan.Needs.Select(n => n.Code).ToHashSet(StringComparer.Ordinal);
        var goalIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Goals.Count; i++)
        {
            var goal = plan.Goals[i];
            var at = $"$.goals[{i}]";
            check.Identifier(goal.Id, $"{at}.id");
            if (!goalIds.Add(goal.Id))
            {
                check.Add($"{at}.id", "two goals have this id", InputIssueKind.BusinessRule);
            }

            check.Require(goal.Description, $"{at}.description");
            check.Optional(goal.PersonView, $"{at}.personView");
            if (goal.TargetDate is { } target && !plan.Period.Contains(target))
            {
                check.Add($"{at}.targetDate", "the goal's target date lies outside the plan's period", InputIssueKind.BusinessRule);
            }

            for (var n = 0; n < goal.Needs.Count; n++)
            {
                if (!needCodes.Contains(goal.Needs[n]))
                {
                    check.Add($"{at}.needs[{n}]", "the goal addresses a need that is not in the plan's needs", InputIssueKind.BusinessRule);
                }
            }
        }

        check.Services(plan.Services, "$.services", plan.Structure.Finess, plan.Period);
        for (var i = 0; i < plan.FamilySupport.Count; i++)
        {
            var support = plan.FamilySupport[i];
            check.Code(support.Kind, CodeSystems.FamilySupportKind, $"$.familySupport[{i}].kind", "parental-guidance, respite or other");
            check.Optional(support.Description, $"$.familySupport[{i}].description");
            if (support.Period is { } period && !plan.Period.Contains(period))
            {
                check.Add($"$.familySupport[{i}].period", "the support period lies outside the plan's period", InputIssueKind.BusinessRule);
            }
        }

        if (plan.ReviewDate is { } review && review < plan.Period.Start)
        {
            check.Add("$.reviewDate", "the review date is before the plan starts", InputIssueKind.BusinessRule);
        }
    }
}
