using Microsoft.Extensions.Options;

namespace Pcpe.Gateway.Configuration.Validation;

/// <summary>
/// One concern of the configuration checked at start-up: each names every problem it finds with its key, and the
/// gateway refuses to start with all of them listed (the options framework gathers every validator's failures).
/// </summary>
public abstract class SectionValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var problems = new List<string>();
        Check(options, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    protected abstract void Check(GatewayOptions options, List<string> problems);

    /// <summary>The data-annotation limits of one section, each named "{path}:{member}: {message}".</summary>
    protected static void Annotations(object section, string path, List<string> problems)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(section, new System.ComponentModel.DataAnnotations.ValidationContext(section), results, validateAllProperties: true);
        problems.AddRange(results.Select(r => $"{path}:{string.Join(',', r.MemberNames)}: {r.ErrorMessage}"));
    }

    /// <summary>Every validator, in the order their problems are listed.</summary>
    /// <param name="environment">The host's environment (Production refuses more).</param>
    /// <param name="configuredRecipients">The recipient ids the configuration names, read or not.</param>
    public static IReadOnlyList<SectionValidator> All(IHostEnvironment environment, IReadOnlyCollection<string>? configuredRecipients = null) =>
    [
        new StoreSectionValidator(),
        new ApiSectionValidator(environment),
        new DeliverySectionValidator(),
        new RecipientsValidator(configuredRecipients ?? []),
        new MssSectionValidator(),
        new DirectorySectionValidator(),
        new SharingSectionValidator(environment),
        new ConsoleSectionValidator(environment),
    ];
}
