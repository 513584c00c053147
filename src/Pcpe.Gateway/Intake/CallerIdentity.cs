namespace Pcpe.Gateway.Intake;

/// <summary>Who is calling the API, once authenticated.</summary>
/// <param name="ClientId">The configured DUI client.</param>
/// <param name="Structures">FINESS of the structures it may push for; null means any (anonymous demo caller).</param>
/// <param name="IsOperator">May see every submission and the dead letters, and replay them.</param>
public sealed record CallerIdentity(string ClientId, IReadOnlySet<string>? Structures, bool IsOperator = false)
{
    public bool MayPushFor(string finess) => Structures is null || Structures.Contains(finess);
}
