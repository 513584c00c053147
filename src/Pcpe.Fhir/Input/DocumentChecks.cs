using System.Text.RegularExpressions;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Input;

/// <summary>Checks shared by every PCPE document. Each adds issues located by JSON path; none throws.</summary>
internal sealed partial class DocumentChecks(TerminologyIndex terminology, ValidationPolicy policy, List<InputIssue> issues)
{
    private static readonly string[] Sexes = ["female", "male", "other", "unknown"];
    private static readonly string[] IdentityStatuses = ["PROV", "RECUP", "VALI", "QUAL"];
    private static readonly string[] Markers = ["-PPER-", "-EVAL-", "-TRANS-"];
    private static readonly string[] Statuses = ["draft", "active", "on-hold", "completed"];
    private static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);

    public List<InputIssue> Issues => issues;

    public void Add(string path, string message, InputIssueKind kind) => issues.Add(new(path, message, kind));

    /// <summary>Identity, version, structure and person: what every document carries.</summary>
    public void Envelope(IPcpeDocument document)
    {
        Identifier(document.DocumentId, "$.documentId");
        if (document.Version < 1)
        {
            Add("$.version", "version starts at 1", InputIssueKind.Invalid);
        }

        // Test deployments take the ANS examples, whose structure has a fictitious FINESS (no valid check digit).
        if (FinessNumber.Check(document.Structure.Finess) is { } problem && !(policy.AcceptTestIdentities && FinessNumber.AnsExamples.Contains(document.Structure.Finess)))
        {
            Add("$.structure.finess", problem, InputIssueKind.Invalid);
        }

        Require(document.Structure.Name, "$.structure.name");
        Person(document.Person, "$.person");
        if (document.Sharing is { } sharing)
        {
            Consents(sharing.Consents, "$.sharing.consents");
        }
    }

    /// <summary>Sensitivity labels: known v3-ActCode codes, each once.</summary>
    public void Sensitivity(IReadOnlyList<string> codes, string path)
    {
        for (var i = 0; i < codes.Count; i++)
        {
            if (!Sharing.SecurityLabels.Sensitivities.Contains(codes[i]))
            {
                Add($"{path}[{i}]", "unknown code: expected ETH, GDIS, HIV, PSY, PSYTHPN, SDV, SEX, STD or TBOO (v3-ActCode)", InputIssueKind.UnknownCode);
            }
            else if (codes.Take(i).Contains(codes[i]))
            {
                Add($"{path}[{i}]", "this label is listed twice", InputIssueKind.BusinessRule);
            }
        }
    }

    /// <summary>The person's disclosure consents: each provision names valid recipients, categories and classes.</summary>
    public void Consents(IReadOnlyList<PersonConsent> consents, string path)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < consents.Count; i++)
        {
            var consent = consents[i];
            var at = $"{path}[{i}]";
            Identifier(consent.Id, $"{at}.id");
            NotInFuture(consent.Date, $"{at}.date", "the consent");
            if (!ids.Add(consent.Id))
            {
                Add($"{at}.id", "two consents with the same id", InputIssueKind.BusinessRule);
            }

            if (consent.Id is Sharing.ConsentRecords.CareTeamSharing or Sharing.ConsentRecords.DmpFeeding)
            {
                Add($"{at}.id", Sharing.ConsentRecords.ReservedIdentifier, InputIssueKind.BusinessRule);
            }

            if (consent.Status is not ("active" or "withdrawn"))
            {
                Add($"{at}.status", "status must be active or withdrawn", InputIssueKind.Invalid);
            }

            if (consent.Period is { } period)
            {
                Period(period, $"{at}.period", "the consent");
            }

            if (consent.Provisions.Count == 0)
            {
                Add($"{at}.provisions", "a consent says what it permits or denies: at least one provision", InputIssueKind.Required);
            }

            for (var j = 0; j < consent.Provisions.Count; j++)
            {
                ConsentProvision(consent.Provisions[j], $"{at}.provisions[{j}]");
            }
        }
    }

    private void ConsentProvision(PersonConsentProvision provision, string path)
    {
        if (provision.Decision is not ("permit" or "deny"))
        {
            Add($"{path}.decision", "decision must be permit or deny", InputIssueKind.Invalid);
        }

        for (var k = 0; k < provision.Recipients.Count; k++)
        {
            if (Sharing.DisclosureConsents.CheckIdentity(provision.Recipients[k]) is { } problem)
            {
                Add($"{path}.recipients[{k}]", problem, InputIssueKind.Invalid);
            }
        }

        for (var k = 0; k < provision.Categories.Count; k++)
        {
            if (Sharing.RecipientCategories.Parse(provision.Categories[k]) is null or Sharing.RecipientCategory.Unknown)
            {
                Add($"{path}.categories[{k}]", "unknown code: expected a recipient category of CodeSystem pcpe-recipient-category", InputIssueKind.UnknownCode);
            }
        }

        for (var k = 0; k < provision.DataClasses.Count; k++)
        {
            if (Sharing.DataClasses.Parse(provision.DataClasses[k]) is null)
            {
                Add($"{path}.dataClasses[{k}]", "unknown code: expected assessment, plan, transition, attachments or message", InputIssueKind.UnknownCode);
            }
        }

        if (provision.Period is { } period)
        {
            Period(period, $"{path}.period", "the provision");
        }
    }

    public void Require(string? value, string path)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(path, "must not be empty", InputIssueKind.Required);
        }
        else
        {
            WithinLimit(value, path);
        }
    }

    // Every text has the maximum its field's name gives (TextLimits, the same in the JSON Schemas).
    private void WithinLimit(string value, string path)
    {
        var limit = TextLimits.For(path);
        if (value.Length > limit)
        {
            Add(path, $"at most {limit} characters here", InputIssueKind.Invalid);
        }
        else if (JsonInputScan.HasControlCharacter(value))
        {
            // Already refused in JSON input; a FHIR Bundle read into the model arrives here with them.
            Add(path, "control characters (U+0000 to U+001F other than tab, line feed and carriage return) are not allowed in text", InputIssueKind.Invalid);
        }
    }

    /// <summary>A date that cannot be later than today (<see cref="ValidationPolicy.Today"/>).</summary>
    public void NotInFuture(DateOnly date, string path, string what)
    {
        if (date > policy.Today)
        {
            Add(path, $"{what} is dated in the future", InputIssueKind.Invalid);
        }
    }

    /// <summary>A date of the person's life cannot come before their birth.</summary>
    public void NotBeforeBirth(PersonIdentity person, DateOnly date, string path, string what)
    {
        if (date < person.BirthDate)
        {
            Add(path, $"{what} before the person's birth date", InputIssueKind.BusinessRule);
        }
    }

    /// <summary>Every text of a list says something.</summary>
    public void RequireEach(IReadOnlyList<string> values, string path)
    {
        for (var i = 0; i < values.Count; i++)
        {
            Require(values[i], $"{path}[{i}]");
        }
    }

    /// <summary>The status of a plan or a transition plan.</summary>
    public void Status(string status, string path)
    {
        if (!Statuses.Contains(status))
        {
            Add(path, "status must be draft, active, on-hold or completed", InputIssueKind.Invalid);
        }
    }

    /// <summary>An optional text: absent is fine, present must say something (FHIR has no empty strings).</summary>
    public void Optional(string? value, string path)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            Add(path, "must not be empty when present (leave the field out instead)", InputIssueKind.Invalid);
        }
        else if (value is not null)
        {
            WithinLimit(value, path);
        }
    }

    /// <summary>Identifiers end up in FHIR business identifiers and URLs: a restricted alphabet.</summary>
    public void Identifier(string? value, string path)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(path, "must not be empty", InputIssueKind.Required);
        }
        else if (!IdentifierPattern().IsMatch(value) || Markers.Any(m => value.Contains(m, StringComparison.Ordinal)))
        {
            Add(path, "use 1 to 64 characters among letters, digits, '.', '_' and '-' (and not -PPER-, -EVAL- or -TRANS-)", InputIssueKind.Invalid);
        }
    }

    public void Person(PersonIdentity person, string path)
    {
        Identifier(person.LocalId, $"{path}.localId");
        Require(person.FamilyName, $"{path}.familyName");
        if (person.GivenNames.Count == 0)
        {
            Add($"{path}.givenNames", "at least one given name, none empty", InputIssueKind.Required);
        }

        RequireEach(person.GivenNames, $"{path}.givenNames");

        NotInFuture(person.BirthDate, $"{path}.birthDate", "the birth date");
        if (person.BirthDate < EarliestBirthDate)
        {
            Add($"{path}.birthDate", "a birth date before 1900: check for a typing error", InputIssueKind.Invalid);
        }

        if (person.Sex is not null && !Sexes.Contains(person.Sex))
        {
            Add($"{path}.sex", "sex must be female, male, other or unknown", InputIssueKind.Invalid);
        }
        else if (person.Sex is null && person.Ins is not null)
        {
            // Sex is one of the INS identity traits: an identity that carries an INS states it.
            Add($"{path}.sex", "sex is required with an INS (one of the INS identity traits)", InputIssueKind.Required);
        }

        if (person.BirthPlaceCode is { } birthPlace && !BirthPlaceCode().IsMatch(birthPlace))
        {
            Add($"{path}.birthPlaceCode", "the birth place is its INSEE (COG) code: 5 characters, the commune (2A/2B for Corsica) or 99 and the country", InputIssueKind.Invalid);
        }

        if (person.Ins is not { } ins)
        {
            return;
        }

        if (InsNumber.Check(ins.Number) is { } problem)
        {
            Add($"{path}.ins.number", problem, InputIssueKind.Invalid);
        }

        switch (InsNumber.KindOfOid(ins.Oid))
        {
            case null:
                Add($"{path}.ins.oid", "unknown INS OID: expected 1.2.250.1.213.1.4.8 (NIR) or 1.2.250.1.213.1.4.9 (NIA)", InputIssueKind.Invalid);
                break;
            case InsKind.TestNir or InsKind.DemoNir when !policy.AcceptTestIdentities:
                Add($"{path}.ins.oid", "test and demonstration INS are refused by this gateway", InputIssueKind.Invalid);
                break;
        }

        if (!IdentityStatuses.Contains(ins.IdentityStatus))
        {
            Add($"{path}.ins.identityStatus", "identity status must be PROV, RECUP, VALI or QUAL", InputIssueKind.Invalid);
        }
    }

    public void Professional(Professional professional, string path)
    {
        if (professional.Rpps is null && professional.Adeli is null && professional.InternalId is null)
        {
            Add(path, "a professional needs an rpps, adeli or internalId", InputIssueKind.Required);
        }

        if (professional.Rpps is { } rpps && RppsNumber.Check(rpps) is { } rppsProblem)
        {
            Add($"{path}.rpps", rppsProblem, InputIssueKind.Invalid);
        }

        if (professional.Adeli is { } adeli && AdeliNumber.Check(adeli) is { } adeliProblem)
        {
            Add($"{path}.adeli", adeliProblem, InputIssueKind.Invalid);
        }

        if (professional.InternalId is { } internalId)
        {
            Identifier(internalId, $"{path}.internalId");
        }

        Require(professional.FamilyName, $"{path}.familyName");
        Require(professional.GivenName, $"{path}.givenName");
        Require(professional.Profession, $"{path}.profession");
    }

    public void Period(PlanPeriod period, string path, string what)
    {
        if (period.End is { } end && end < period.Start)
        {
            Add($"{path}.end", $"{what} ends before it starts", InputIssueKind.BusinessRule);
        }
    }

    public void Code(string? code, string system, string path, string expected)
    {
        if (code is null || terminology.DisplayInCodeSystem(system, code) is null)
        {
            Add(path, $"unknown code: expected {expected}", InputIssueKind.UnknownCode);
        }
    }

    public void InValueSet(string code, string valueSet, string path, string expected)
    {
        if (terminology.DisplayInValueSet(valueSet, code) is null)
        {
            Add(path, $"not a {expected}", InputIssueKind.UnknownCode);
        }
    }

    public void Needs(IReadOnlyList<Need> needs, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < needs.Count; i++)
        {
            InValueSet(needs[i].Code, CodeSystems.NeedsValueSet, $"{path}[{i}].code", "SERAFIN-PH need code (JDV-J285)");
            Optional(needs[i].Description, $"{path}[{i}].description");
            if (!seen.Add(needs[i].Code))
            {
                Add($"{path}[{i}].code", "this need is listed twice", InputIssueKind.BusinessRule);
            }
        }
    }

    public void Services(IReadOnlyList<DirectService> services, string path, string structureFiness, PlanPeriod? within)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var service = services[i];
            var at = $"{path}[{i}]";
            InValueSet(service.Code, CodeSystems.DirectServicesValueSet, $"{at}.code", "SERAFIN-PH direct service code (JDV-J284)");
            Optional(service.Description, $"{at}.description");
            Optional(service.Frequency, $"{at}.frequency");
            if (service.Setting is { } setting)
            {
                Code(setting, CodeSystems.ServiceSetting, $"{at}.setting", "home, school, workplace, esms, leisure or other");
            }

            if (service.HoursPerWeek is { } hours && (hours <= 0 || hours > 168))
            {
                Add($"{at}.hoursPerWeek", "hours per week must be more than 0 and at most 168", InputIssueKind.Invalid);
            }

            if (service.Period is { } period)
            {
                Period(period, $"{at}.period", "the service");
                if (within is not null && !within.Contains(period))
                {
                    Add($"{at}.period", "the service period lies outside the plan's period", InputIssueKind.BusinessRule);
                }
            }

            if (service.Provider is { } provider)
            {
                Provider(provider, $"{at}.provider", structureFiness);
            }
        }
    }

    private void Provider(ServiceProvider provider, string path, string structureFiness)
    {
        Code(provider.Kind, CodeSystems.ProviderKind, $"{path}.kind", "salaried, liberal or partner-esms");
        Require(provider.Name, $"{path}.name");
        if (provider.Rpps is { } rpps)
        {
            if (provider.Kind != "liberal")
            {
                Add($"{path}.rpps", "an RPPS is given for a liberal professional only", InputIssueKind.BusinessRule);
            }
            else if (RppsNumber.Check(rpps) is { } problem)
            {
                Add($"{path}.rpps", problem, InputIssueKind.Invalid);
            }
        }

        if (provider.Finess is { } finess)
        {
            if (provider.Kind != "partner-esms")
            {
                Add($"{path}.finess", "a FINESS is given for a partner ESMS only", InputIssueKind.BusinessRule);
            }
            else if (FinessNumber.Check(finess) is { } problem)
            {
                Add($"{path}.finess", problem, InputIssueKind.Invalid);
            }
            else if (finess == structureFiness)
            {
                Add($"{path}.finess", "a partner ESMS is another structure than the one pushing the plan", InputIssueKind.BusinessRule);
            }
        }
    }

    public void Cdaph(CdaphNotification cdaph, string path)
    {
        Code(cdaph.Kind, CodeSystems.CdaphNotificationKind, $"{path}.kind", "transitional, permanent or complementary");
        NotInFuture(cdaph.DecisionDate, $"{path}.decisionDate", "the CDAPH decision");
        Optional(cdaph.Reference, $"{path}.reference");
        if (cdaph.Validity is { } validity)
        {
            Period(validity, $"{path}.validity", "the notification");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex IdentifierPattern();

    [System.Text.RegularExpressions.GeneratedRegex("^([0-9]{2}|2A|2B)[0-9]{3}$")]
    private static partial System.Text.RegularExpressions.Regex BirthPlaceCode();
}
