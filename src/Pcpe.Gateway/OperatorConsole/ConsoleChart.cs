using System.Globalization;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.OperatorConsole;

/// <summary>A bar chart drawn on the server as SVG (the console runs no script), one bar per hour, with a text
/// summary for those who do not see it.</summary>
public sealed record ConsoleChart(int Width, int Height, IReadOnlyList<ConsoleChart.Bar> Bars, string Summary)
{
    public sealed record Bar(int X, int Y, int Width, int Height, string Label);

    public static ConsoleChart Hourly(IReadOnlyList<HourlyCount> counts, DateTimeOffset start, int hours)
    {
        const int BarWidth = 6, Height = 120;
        var byHour = counts.ToDictionary(c => c.Hour);
        var highest = Math.Max(1, counts.Count == 0 ? 0 : counts.Max(c => c.Count));
        var bars = new List<Bar>();
        for (var i = 0; i < hours; i++)
        {
            var hour = start.AddHours(i);
            var count = byHour.TryGetValue(hour, out var c) ? c.Count : 0;
            var height = (int)Math.Round(Height * (double)count / highest);
            bars.Add(new Bar(
                i * BarWidth,
                Height - height,
                BarWidth - 1,
                height,
                string.Create(CultureInfo.InvariantCulture, $"{ConsoleText.Hour(hour)} : {count}")));
        }

        var total = counts.Sum(c => c.Count);
        var busiest = counts.Count == 0 ? null : counts.MaxBy(c => c.Count);
        var summary = busiest is null
            ? "Aucun document reçu sur la période."
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{total} documents reçus ; heure la plus chargée : {ConsoleText.Hour(busiest.Hour)} ({busiest.Count}).");
        return new ConsoleChart(hours * BarWidth, Height, bars, summary);
    }
}
