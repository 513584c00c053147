using Pcpe.Fhir.Messages;
using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Sharing;

/// <summary>
/// The classes of data a consent provision or a minimisation rule speaks of (CodeSystem
/// pcpe-data-class). Attachments are the reports a document references (DocumentReference).
/// </summary>
public enum DataClass
{
    Assessment,
    Plan,
    Transition,
    Attachments,
    Message,
}

/// <summary>Codes of <see cref="DataClass"/> as they appear in FHIR and in PCPE JSON.</summary>
public static class DataClasses
{
    /// <summary>The class of a whole document of this kind (plan, assessment, transition, message).</summary>
    public static DataClass OfKind(string kind) => kind switch
    {
        DocumentKinds.Plan => DataClass.Plan,
        DocumentKinds.Assessment => DataClass.Assessment,
        DocumentKinds.Transition => DataClass.Transition,
        CoordinatorMessageMapper.Kind => DataClass.Message,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), "unknown document kind"),
    };

    public static string Code(DataClass dataClass) => dataClass switch
    {
        DataClass.Assessment => "assessment",
        DataClass.Plan => "plan",
        DataClass.Transition => "transition",
        DataClass.Attachments => "attachments",
        _ => "message",
    };

    public static DataClass? Parse(string? code) => code switch
    {
        "assessment" => DataClass.Assessment,
        "plan" => DataClass.Plan,
        "transition" => DataClass.Transition,
        "attachments" => DataClass.Attachments,
        "message" => DataClass.Message,
        _ => null,
    };
}
