namespace Pcpe.Fhir.Input;

/// <summary>Deployment choices that change what input is accepted.</summary>
public sealed record ValidationPolicy
{
    /// <summary>Accept INS with the test/demo OIDs (1.2.250.1.213.1.4.10/.11). Never in production.</summary>
    public bool AcceptTestIdentities { get; init; }

    /// <summary>What "today" is for the date checks (a birth date, a consent, an assessment cannot be later).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// The latest calendar date anywhere in France and its overseas territories (UTC+14 bounds them all), so
    /// that a document written today in Nouméa is never refused as dated in the future in Paris.
    /// </summary>
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime.AddHours(14));

    /// <summary>The production default: test identities refused.</summary>
    public static ValidationPolicy Production { get; } = new();
}
