namespace Pcpe.Gateway.OperatorConsole;

/// <summary>What an operator may do in the console, and the policies its pages require.</summary>
public static class ConsoleRoles
{
    /// <summary>Overview, deliveries, replays, quarantine.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>Persons' rights (disclosures, erasure) and the audit trail.</summary>
    public const string Dpo = "dpo";

    /// <summary>Sees the overview, deliveries and configuration; changes nothing.</summary>
    public const string Reader = "reader";

    public static readonly IReadOnlyList<string> All = [Supervisor, Dpo, Reader];

    /// <summary>Policy: any console role.</summary>
    public const string SeePolicy = "console-see";

    /// <summary>Policy: act on deliveries.</summary>
    public const string SupervisePolicy = "console-supervise";

    /// <summary>Policy: a person's rights and the audit.</summary>
    public const string DpoPolicy = "console-dpo";
}
