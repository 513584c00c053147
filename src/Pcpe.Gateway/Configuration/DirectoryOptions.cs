using System.ComponentModel.DataAnnotations;

namespace Pcpe.Gateway.Configuration;

/// <summary>The national directory, Annuaire Santé (<c>Gateway:Directory</c>): off while <see cref="BaseUrl"/> is empty.</summary>
public sealed class DirectoryOptions
{
    /// <summary>The FHIR API, <c>https://gateway.api.esante.gouv.fr/fhir/v2</c> in production.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The API key of the ANS portal (header <c>ESANTE-API-KEY</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long an answer is used before the directory is asked again; 0 asks every time, and keeps the
    /// answers only for when the directory cannot be reached.</summary>
    [Range(0, 60 * 24 * 30)]
    public int CacheMinutes { get; set; } = 60 * 24;

    /// <summary>How long an answer keeps serving while the directory cannot be reached.</summary>
    [Range(0, 90)]
    public int StaleDays { get; set; } = 7;

    /// <summary>Total time of one look-up, retries included.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    public bool Enabled => BaseUrl is not null;
}
