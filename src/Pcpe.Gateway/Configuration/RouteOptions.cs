namespace Pcpe.Gateway.Configuration;

/// <summary>One route (<c>Gateway:Routes[n]</c>): documents of these structures and kinds go to these recipients.</summary>
public sealed class RouteOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>FINESS of the structures; empty means every structure.</summary>
    public List<string> Structures { get; set; } = [];

    /// <summary>Document kinds (plan, assessment, transition, fhir, mail); empty means every kind.</summary>
    public List<string> DocumentKinds { get; set; } = [];

    /// <summary>Recipient ids (keys of Gateway:Recipients).</summary>
    public List<string> Recipients { get; set; } = [];
}
