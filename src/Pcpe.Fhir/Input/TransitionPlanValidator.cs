using System.Net.Mail;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Input;

/// <summary>Business checks of a transition plan once it is structurally readable. Reports every problem.</summary>
public sealed class TransitionPlanValidator(TerminologyIndex terminology, ValidationPolicy policy)
{
    private static readonly string[] StepStatuses = ["planned", "in-progress", "done", "cancelled"];

    public void Validate(TransitionPlan transition, List<InputIssue> issues)
    {
        var check = new DocumentChecks(terminology, policy, issues);
        check.Envelope(transition);
        check.Require(transition.Title, "$.title");
        check.Status(transition.Status, "$.status");

        check.Period(transition.Period, "$.period", "the transition");
        check.NotBeforeBirth(transition.Person, transition.Period.Start, "$.period.start", "the transition starts");
        if (transition.SupportPlan is { } plan)
        {
            check.Identifier(plan.DocumentId, "$.supportPlan.documentId");
            check.Period(plan.Period, "$.supportPlan.period", "the plan");
            if (transition.Period.Start < plan.Period.Start)
            {
                check.Add("$.period.start", "the transition starts before the plan it continues", InputIssueKind.BusinessRule);
            }
        }

        Place(check, transition.From, "$.from");
        Place(check, transition.To, "$.to");
        if (transition.To.Kind == "home")
        {
            check.Add("$.to.kind", "a transition goes to an establishment, a hospital, a school or another place, not home", InputIssueKind.BusinessRule);
        }

        if (transition.ReceivingCoordinator is { } coordinator)
        {
            check.Professional(coordinator, "$.receivingCoordinator");
        }

        var end = transition.FollowUpUntil ?? transition.Period.End;
        for (var i = 0; i < transition.Steps.Count; i++)
        {
            var step = transition.Steps[i];
            check.Require(step.Description, $"$.steps[{i}].description");
            if (!StepStatuses.Contains(step.Status))
            {
                check.Add($"$.steps[{i}].status", "step status must be planned, in-progress, done or cancelled", InputIssueKind.Invalid);
            }

            if (step.Date is { } date && end is { } last && date > last)
            {
                check.Add($"$.steps[{i}].date", "the step is dated after the end of the transition and its follow-up", InputIssueKind.BusinessRule);
            }
        }

        check.RequireEach(transition.FacilitatingFactors, "$.facilitatingFactors");
        check.RequireEach(transition.Obstacles, "$.obstacles");

        check.Needs(transition.Handover.Needs, "$.handover.needs");
        check.Services(transition.Handover.CurrentServices, "$.handover.currentServices", transition.Structure.Finess, null);
        check.Optional(transition.Handover.Communication, "$.handover.communication");
        check.Optional(transition.Handover.HabitsAndPreferences, "$.handover.habitsAndPreferences");
        check.Optional(transition.Handover.Risks, "$.handover.risks");
        if (transition.FollowUpUntil is { } until && until < transition.Period.Start)
        {
            check.Add("$.followUpUntil", "the follow-up ends before the transition starts", InputIssueKind.BusinessRule);
        }
    }

    private static void Place(DocumentChecks check, TransitionPlace place, string path)
    {
        check.Code(place.Kind, CodeSystems.PlaceKind, $"{path}.kind", "home, esms, hospital, school or other");
        check.Optional(place.Name, $"{path}.name");
        if (place.Finess is { } finess)
        {
            if (FinessNumber.Check(finess) is { } problem)
            {
                check.Add($"{path}.finess", problem, InputIssueKind.Invalid);
            }
        }
        else if (place.Kind is "esms" or "hospital")
        {
            check.Add($"{path}.finess", "an establishment or a hospital is identified by its FINESS", InputIssueKind.Required);
        }

        check.Optional(place.MssAddress, $"{path}.mssAddress");
        if (place.MssAddress is { } address)
        {
            if (place.Finess is null)
            {
                check.Add($"{path}.mssAddress", "an MSSanté address belongs to an establishment: give its FINESS too", InputIssueKind.BusinessRule);
            }

            if (!MailAddress.TryCreate(address, out var parsed) || parsed.Address != address)
            {
                check.Add($"{path}.mssAddress", "not a mail address", InputIssueKind.Invalid);
            }
        }
    }
}
