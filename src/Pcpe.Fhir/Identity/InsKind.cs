namespace Pcpe.Fhir.Identity;

/// <summary>Which register an INS number comes from, told by its OID.</summary>
public enum InsKind
{
    /// <summary>INS-NIR, the qualified national health identifier (OID 1.2.250.1.213.1.4.8).</summary>
    Nir,
    /// <summary>INS-NIA, a temporary identifier (OID 1.2.250.1.213.1.4.9).</summary>
    Nia,
    /// <summary>Test NIR (OID 1.2.250.1.213.1.4.10): never accepted unless configured.</summary>
    TestNir,
    /// <summary>Demonstration NIR (OID 1.2.250.1.213.1.4.11): never accepted unless configured.</summary>
    DemoNir,
}
