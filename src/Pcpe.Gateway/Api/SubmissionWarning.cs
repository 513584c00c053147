namespace Pcpe.Gateway.Api;

/// <summary>One thing the gateway assumed or left out of an accepted push, where it is in what was sent.</summary>
public sealed record SubmissionWarning(string Location, string Message);
