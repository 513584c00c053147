namespace Pcpe.Fhir.Sharing;

/// <summary>
/// What a recipient category never receives, in French, for the readable document ("éléments non
/// transmis au titre du partage d'informations"). It describes the category's rule, never whether
/// this person's document held any of it: saying "a mental-health item was withheld" would disclose it.
/// </summary>
public static class WithheldDescriptions
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["PSY"] = "les éléments relevant de la santé mentale",
        ["PSYTHPN"] = "les éléments relevant d'une psychothérapie",
        ["ETH"] = "les éléments relevant des addictions",
        ["HIV"] = "les éléments relevant du VIH",
        ["SDV"] = "les éléments relevant de violences sexuelles ou conjugales",
        ["SEX"] = "les éléments relevant de la sexualité et de la vie reproductive",
        ["STD"] = "les éléments relevant d'infections sexuellement transmissibles",
        ["R"] = "les éléments à diffusion restreinte",
        ["V"] = "les éléments à diffusion très restreinte",
    };

    private static readonly Dictionary<string, string> Resources = new(StringComparer.Ordinal)
    {
        ["Basic:pcpe-basic-cdaph"] = "la notification de la CDAPH",
        ["Observation:pcpe-observation-finding"] = "les observations détaillées de l'évaluation fonctionnelle",
        ["Consent:pcpe-consent-agreement"] = "l'accord de la personne sur le projet",
        ["DocumentReference"] = "les rapports joints",
    };

    private static readonly Dictionary<string, string> Elements = new(StringComparer.Ordinal)
    {
        ["Observation.note"] = "les notes des professionnels sur les observations",
        ["ServiceRequest.note"] = "les précisions apportées aux besoins",
        ["Patient.address"] = "l'adresse de la personne",
        ["Patient.telecom"] = "les coordonnées téléphoniques et électroniques de la personne",
    };

    /// <summary>The category's exclusions, in words; empty when the category receives everything it may.</summary>
    public static IReadOnlyList<string> Of(MinimisationRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var lines = new List<string>();
        foreach (var (type, profiles) in rule.RemovedResources.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (profiles is null)
            {
                lines.Add(Resources.GetValueOrDefault(type) ?? $"les ressources {type}");
                continue;
            }

            foreach (var profile in profiles.Order(StringComparer.Ordinal))
            {
                var selector = $"{type}:{profile[(profile.LastIndexOf('/') + 1)..]}";
                lines.Add(Resources.GetValueOrDefault(selector) ?? $"les ressources {selector}");
            }
        }

        foreach (var (type, paths) in rule.RemovedElements.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var path in paths)
            {
                var element = $"{type}.{string.Join('.', path)}";
                lines.Add(Elements.GetValueOrDefault(element) ?? $"l'élément {element}");
            }
        }

        var labels = rule.RemovedLabels.Select(l => Labels.GetValueOrDefault(l) ?? $"les éléments marqués {l}").ToList();
        if (labels.Count > 0)
        {
            lines.Add(string.Join(", ", labels));
        }

        return lines;
    }
}
