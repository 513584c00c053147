using System.Globalization;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Mapping;

/// <summary>Dates between the PCPE contract (yyyy-MM-dd) and FHIR.</summary>
internal static class FhirDates
{
    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Format(DateOnly? date) => date is { } d ? Format(d) : null;

    /// <summary>The date part of a FHIR date or dateTime; null when absent or not a full date.</summary>
    public static DateOnly? Parse(string? value)
        => value is { Length: >= 10 } && DateOnly.TryParseExact(value.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    public static Period ToPeriod(PlanPeriod period) => new() { Start = Format(period.Start), End = Format(period.End) };

    public static PlanPeriod? FromPeriod(Period? period)
        => period is not null && Parse(period.Start) is { } start ? new PlanPeriod { Start = start, End = Parse(period.End) } : null;
}
