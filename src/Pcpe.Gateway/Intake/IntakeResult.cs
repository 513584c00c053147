using Pcpe.Fhir.Input;

namespace Pcpe.Gateway.Intake;

/// <summary>What the intake did with a push.</summary>
public abstract record IntakeResult
{
    /// <summary>Stored (or stored before, when <paramref name="AlreadyKnown"/>): 202 with the tracking id.</summary>
    public sealed record Accepted(Guid SubmissionId, bool AlreadyKnown) : IntakeResult;

    /// <summary>The input has problems: nothing stored.</summary>
    public sealed record Invalid(IReadOnlyList<InputIssue> Issues) : IntakeResult;

    /// <summary>The caller may not push for this structure: nothing stored.</summary>
    public sealed record Forbidden(string Reason) : IntakeResult;

    /// <summary>Same document id and version with other content: nothing stored.</summary>
    public sealed record Conflict(Guid ExistingSubmissionId) : IntakeResult;

    /// <summary>The person's registry kept changing while the deliveries were decided: nothing stored, push again.</summary>
    public sealed record Busy : IntakeResult;
}
