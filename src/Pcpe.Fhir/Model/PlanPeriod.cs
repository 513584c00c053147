namespace Pcpe.Fhir.Model;

/// <summary>A period of dates; the end is open when absent.</summary>
public sealed record PlanPeriod
{
    public required DateOnly Start { get; init; }

    public DateOnly? End { get; init; }

    /// <summary>True when <paramref name="date"/> falls inside the period.</summary>
    public bool Contains(DateOnly date) => date >= Start && (End is null || date <= End);

    /// <summary>True when <paramref name="other"/> lies entirely inside this period.</summary>
    public bool Contains(PlanPeriod other)
        => Contains(other.Start) && (other.End is { } end ? Contains(end) : End is null);
}
