using Pcpe.Fhir.Sharing;

namespace Pcpe.Gateway.Configuration;

/// <summary>Configuration section <c>Gateway:Sharing</c>: the minimisation policy and retention.</summary>
public sealed class SharingOptions
{
    /// <summary>
    /// A minimisation policy file replacing the shipped one (profiles/policy/minimisation-policy.json);
    /// relative to the content root. Its version is recorded with every decision.
    /// </summary>
    public string? PolicyFile { get; set; }

    /// <summary>Days after which the payloads of finished submissions are purged (the audit stays). 0 keeps them.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>How often the retention job runs, in minutes.</summary>
    public int RetentionIntervalMinutes { get; set; } = 60;

    /// <summary>The policy decisions are taken under.</summary>
    /// <exception cref="FormatException">The file is not a policy this gateway fully understands.</exception>
    public MinimisationPolicy LoadPolicy(string contentRoot)
        => PolicyFile is { Length: > 0 } file
            ? MinimisationPolicy.Parse(File.ReadAllBytes(Path.IsPathRooted(file) ? file : Path.Combine(contentRoot, file)))
            : MinimisationPolicy.Default;
}
