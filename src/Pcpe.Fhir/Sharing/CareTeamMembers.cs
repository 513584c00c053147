using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Sharing;

/// <summary>
/// Who a document puts in the person's care team (équipe de soins, L1110-12), by national identity and
/// period: the plan's coordinator and the liberal professionals and partner ESMS delivering its
/// services; a transition's receiving coordinator and destination establishment; an assessment's
/// evaluators. The gateway matches these identities to its registered recipients.
/// </summary>
public static class CareTeamMembers
{
    /// <summary>A person or organisation in the care team, by identity (<c>finess:</c>/<c>rpps:</c>), from start to end.</summary>
    public sealed record Member(string Identity, DateOnly? Start, DateOnly? End);

    public static IReadOnlyList<Member> Of(IPcpeDocument document)
    {
        var members = new List<Member>();
        switch (document)
        {
            case SupportPlan plan:
                Add(members, plan.Coordinator?.Professional.Rpps, "rpps:", plan.Period);
                Services(members, plan.Services, plan.Period);
                break;
            case TransitionPlan transition:
                var handover = new PlanPeriod { Start = transition.Period.Start, End = transition.FollowUpUntil ?? transition.Period.End };
                Add(members, transition.ReceivingCoordinator?.Rpps, "rpps:", handover);
                Add(members, transition.To.Finess, "finess:", new PlanPeriod { Start = transition.Period.Start });
                Services(members, transition.Handover.CurrentServices, transition.Period);
                break;
            case FunctionalAssessment assessment:
                foreach (var evaluator in assessment.Evaluators)
                {
                    Add(members, evaluator.Rpps, "rpps:", new PlanPeriod { Start = assessment.Date });
                }

                break;
        }

        // One membership per identity: the widest period the document gives it.
        return members
            .GroupBy(m => m.Identity, StringComparer.Ordinal)
            .Select(g => new Member(g.Key, g.Any(m => m.Start is null) ? null : g.Min(m => m.Start), g.Any(m => m.End is null) ? null : g.Max(m => m.End)))
            .ToList();
    }

    private static void Services(List<Member> members, IReadOnlyList<DirectService> services, PlanPeriod within)
    {
        foreach (var service in services)
        {
            var period = service.Period ?? within;
            Add(members, service.Provider?.Rpps, "rpps:", period);
            Add(members, service.Provider?.Finess, "finess:", period);
        }
    }

    private static void Add(List<Member> members, string? value, string prefix, PlanPeriod period)
    {
        if (!string.IsNullOrEmpty(value))
        {
            members.Add(new Member(prefix + value, period.Start, period.End));
        }
    }
}
