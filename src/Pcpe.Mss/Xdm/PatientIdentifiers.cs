namespace Pcpe.Mss.Xdm;

/// <summary>Reads CX patient identifiers (<c>id^^^&amp;OID&amp;ISO</c>) of XDS metadata.</summary>
public static class PatientIdentifiers
{
    private static readonly string[] InsOids = ["1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9", "1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.11"];

    /// <summary>Splits a CX into id and assigning-authority OID.</summary>
    public static (string Id, string Oid)? TryParseCx(string? cx)
    {
        if (string.IsNullOrWhiteSpace(cx))
        {
            return null;
        }

        var components = cx.Split('^');
        if (components.Length < 4 || components[0].Length == 0)
        {
            return null;
        }

        var authority = components[3].Split('&');
        return authority.Length >= 2 && authority[1].Length > 0 ? (components[0], authority[1]) : null;
    }

    /// <summary>The INS and its OID when the CX's assigning authority is one of the INS OIDs.</summary>
    public static (string Ins, string Oid)? TryParseIns(string? cx)
        => TryParseCx(cx) is { } parsed && InsOids.Contains(parsed.Oid) ? parsed : null;
}
