namespace Pcpe.Mss.Xdm;

/// <summary>A coded value of XDS metadata: code, coding scheme (OID or URI) and display name.</summary>
public sealed record XdmCode(string Code, string Scheme, string Display);
