using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Tests;

public class TerminologyTests
{
    private readonly TerminologyIndex _terminology = TerminologyIndex.Embedded;

    [Fact]
    public void The_national_value_sets_are_embedded_from_profiles()
    {
        Assert.True(_terminology.HasValueSet(CodeSystems.NeedsValueSet));
        Assert.True(_terminology.HasValueSet(CodeSystems.DirectServicesValueSet));
        Assert.True(_terminology.HasValueSet(CodeSystems.IndirectServicesValueSet));
    }

    [Fact]
    public void SERAFIN_codes_resolve_to_their_national_display()
    {
        Assert.Equal("Besoins pour accéder aux droits et à la citoyenneté", _terminology.DisplayInValueSet(CodeSystems.NeedsValueSet, "1.3.1.1"));
        Assert.Equal("Soins médicaux à visée préventive, curative et palliative", _terminology.DisplayInValueSet(CodeSystems.DirectServicesValueSet, "2.1.1.1"));
        Assert.Equal("Projet Personnalisé d'Accompagnement", _terminology.DisplayInCodeSystem(CodeSystems.PlanType, "PPA"));
    }

    [Fact]
    public void A_service_code_is_not_a_need()
    {
        Assert.Null(_terminology.DisplayInValueSet(CodeSystems.NeedsValueSet, "2.1.1.1"));
        Assert.Null(_terminology.DisplayInValueSet(CodeSystems.NeedsValueSet, "9.9.9"));
    }
}
