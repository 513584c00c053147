namespace Pcpe.Fhir.Sharing;

/// <summary>Codes of <see cref="RecipientCategory"/> (CodeSystem pcpe-recipient-category), as used in
/// consents, the minimisation policy file and PCPE JSON.</summary>
public static class RecipientCategories
{
    private static readonly Dictionary<RecipientCategory, string> Codes = Enum.GetValues<RecipientCategory>()
        .ToDictionary(c => c, ToKebab);

    private static readonly Dictionary<string, RecipientCategory> ByCode = Codes.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Every code, e.g. <c>health-professional</c>, <c>social-worker</c>.</summary>
    public static IEnumerable<string> AllCodes => Codes.Values;

    public static string Code(RecipientCategory category) => Codes[category];

    public static RecipientCategory? Parse(string? code) => code is not null && ByCode.TryGetValue(code, out var category) ? category : null;

    private static string ToKebab(RecipientCategory category)
    {
        var name = category.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
