using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pcpe.Fhir.Model;

namespace Pcpe.Gateway.OperatorConsole;

/// <summary>How the console writes times, ages, states and checks, in French and in metropolitan French time.</summary>
public static class ConsoleText
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Paris", out var zone)
        ? zone
        : TimeZoneInfo.Utc;

    /// <summary>Metropolitan French time (UTC where the host has no time zone data).</summary>
    public static TimeZoneInfo Zone => Paris;

    public static string Time(DateTimeOffset at)
        => TimeZoneInfo.ConvertTime(at, Paris).ToString("dd/MM/yyyy HH:mm:ss", French);

    /// <summary>An hour of a chart: <c>08/12 14 h</c>.</summary>
    public static string Hour(DateTimeOffset at)
        => TimeZoneInfo.ConvertTime(at, Paris).ToString("dd/MM HH' h'", French);

    /// <summary>Midnight of a day in French time, the bound of a date filter.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, Paris.GetUtcOffset(midnight));
    }

    public static string Age(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => "moins d'une minute",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min",
        { TotalDays: < 1 } => $"{(int)age.TotalHours} h {age.Minutes:00} min",
        _ => $"{(int)age.TotalDays} j {age.Hours} h",
    };

    public static string Status(Domain.DeliveryStatus status) => status switch
    {
        Domain.DeliveryStatus.Pending => "En attente",
        Domain.DeliveryStatus.InFlight => "En cours d'envoi",
        Domain.DeliveryStatus.Delivered => "Remis",
        Domain.DeliveryStatus.RetryScheduled => "Nouvel essai prévu",
        Domain.DeliveryStatus.DeadLettered => "En échec (à rejouer)",
        Domain.DeliveryStatus.Blocked => "Bloqué (pas de base légale)",
        _ => status.ToString(),
    };

    public static string Kind(string kind) => kind switch
    {
        DocumentKinds.Plan => "Projet personnalisé",
        DocumentKinds.Assessment => "Évaluation",
        DocumentKinds.Transition => "Plan de transition",
        _ => kind,
    };

    public static string Health(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "Bon",
        HealthStatus.Degraded => "Dégradé",
        _ => "En panne",
    };

    public static string HealthClass(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "good",
        HealthStatus.Degraded => "warn",
        _ => "bad",
    };

    public static string CheckName(string check) => check switch
    {
        "store" => "Base de données",
        "mail-servers" => "Serveurs de messagerie MSSanté",
        "relay-circuits" => "Plateformes et DUI (circuits)",
        "national-directory" => "Annuaire santé",
        _ => check,
    };
}
