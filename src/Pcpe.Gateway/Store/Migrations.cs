namespace Pcpe.Gateway.Store;

/// <summary>The SQL migrations embedded in this assembly, per dialect, in version order.</summary>
internal static class Migrations
{
    public static IEnumerable<(string Version, string Sql)> For(string folder)
    {
        var assembly = typeof(Migrations).Assembly;
        var prefix = $"migrations/{folder}/";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (Path.GetFileNameWithoutExtension(name[prefix.Length..]), reader.ReadToEnd());
        }
    }
}
