namespace Pcpe.Gateway;

/// <summary>
/// Every log line of the gateway, as source-generated messages. They carry ids, kinds, counts and
/// status codes only: never names, INS, birth dates or payloads.
/// </summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1, LogLevel.Information, "Submission {SubmissionId} ({Kind}) accepted: {Pending} deliveries pending, {Blocked} blocked")]
    public static partial void SubmissionAccepted(ILogger logger, Guid submissionId, string kind, int pending, int blocked);

    [LoggerMessage(2, LogLevel.Information, "Delivery {DeliveryId} to {RecipientId} delivered (attempt {Attempt})")]
    public static partial void Delivered(ILogger logger, Guid deliveryId, string recipientId, int attempt);

    [LoggerMessage(3, LogLevel.Warning, "Delivery {DeliveryId} to {RecipientId} failed (attempt {Attempt}), {Status}: {Error}")]
    public static partial void DeliveryFailed(ILogger logger, Guid deliveryId, string recipientId, int attempt, string status, string error);

    [LoggerMessage(4, LogLevel.Warning, "Delivery {DeliveryId}: its lease was lost to another worker; outcome not recorded")]
    public static partial void LeaseLost(ILogger logger, Guid deliveryId);

    [LoggerMessage(5, LogLevel.Error, "Delivery worker round failed; retrying")]
    public static partial void WorkerRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(24, LogLevel.Error, "Delivery {DeliveryId} to {RecipientId}: its outcome could not be recorded; it will be attempted again when its lease expires")]
    public static partial void SendNotRecorded(ILogger logger, Exception exception, Guid deliveryId, string recipientId);

    [LoggerMessage(6, LogLevel.Information, "Delivery worker {Owner} stopping: {Released} leases released")]
    public static partial void LeasesReleased(ILogger logger, string owner, int released);

    [LoggerMessage(8, LogLevel.Error, "Delivery {DeliveryId} to {RecipientId}: unexpected failure in its channel; it will be retried")]
    public static partial void ChannelFailed(ILogger logger, Exception exception, Guid deliveryId, string recipientId);

    [LoggerMessage(9, LogLevel.Warning, "Delivery {DeliveryId} to {RecipientId} blocked at send time: its legal basis no longer holds")]
    public static partial void BlockedAtSend(ILogger logger, Guid deliveryId, string recipientId);

    [LoggerMessage(7, LogLevel.Warning, "Gateway:Api:AllowAnonymous is on: every call is attributed to the client 'anonymous'. Never in production.")]
    public static partial void AnonymousApi(ILogger logger);

    [LoggerMessage(20, LogLevel.Information, "Consents changed: {Queued} queued deliveries decided again, {Blocked} blocked")]
    public static partial void QueuedReviewed(ILogger logger, int queued, int blocked);

    [LoggerMessage(21, LogLevel.Warning, "No Gateway:Store:PayloadKey configured: a payload key was generated at {KeyFile}. Back it up with the database; without it nothing stored can be read.")]
    public static partial void PayloadKeyGenerated(ILogger logger, string keyFile);

    [LoggerMessage(22, LogLevel.Information, "Retention: payloads of {Count} finished submissions older than {Days} days purged")]
    public static partial void PayloadsPurged(ILogger logger, int count, int days);

    [LoggerMessage(23, LogLevel.Information, "Erasure by operator {ClientId}: payloads of {Submissions} submissions erased, {Blocked} queued deliveries blocked, {InFlight} being sent left to end")]
    public static partial void PersonErased(ILogger logger, int submissions, int blocked, int inFlight, string clientId);

    [LoggerMessage(25, LogLevel.Information, "Replay: delivery {DeliveryId} queued again by operator {ClientId}")]
    public static partial void DeliveryReplayed(ILogger logger, Guid deliveryId, string clientId);

    [LoggerMessage(26, LogLevel.Information, "Replay: {Replayed} dead letters of {RecipientId} queued again by operator {ClientId}; {NotReplayable} left without payload")]
    public static partial void DeadLettersReplayed(ILogger logger, int replayed, int notReplayable, string recipientId, string clientId);

    [LoggerMessage(27, LogLevel.Error, "Request {CorrelationId} failed unexpectedly: {ExceptionType} {StackTrace}")]
    public static partial void UnexpectedRequestFailure(ILogger logger, string correlationId, string exceptionType, string stackTrace);

    [LoggerMessage(28, LogLevel.Warning, "Delivery {DeliveryId}: the receiver's ids were not kept ({Failure}); its next version is created on its identifiers again")]
    public static partial void ReceiverIdsNotKept(ILogger logger, Guid deliveryId, string failure);
    [LoggerMessage(60, LogLevel.Information, "Console: operator {Operator} signed in with roles {Roles}")]
    public static partial void ConsoleSignedIn(ILogger logger, string @operator, string roles);

    [LoggerMessage(61, LogLevel.Information, "Console: delivery {DeliveryId} queued again by operator {Operator}")]
    public static partial void ConsoleDeliveryReplayed(ILogger logger, Guid deliveryId, string @operator);

    [LoggerMessage(62, LogLevel.Information, "Console: {Replayed} dead letters of {RecipientId} queued again by operator {Operator}; {NotReplayable} left without payload")]
    public static partial void ConsoleDeadLettersReplayed(ILogger logger, int replayed, int notReplayable, string recipientId, string @operator);

    [LoggerMessage(63, LogLevel.Information, "Console: operator {Operator} looked up a person's rights ({Found})")]
    public static partial void ConsolePersonLookedUp(ILogger logger, string @operator, string found);

    [LoggerMessage(64, LogLevel.Information, "Console: erasure by operator {Operator}: payloads of {Submissions} submissions erased, {Blocked} queued deliveries blocked, {InFlight} being sent left to end")]
    public static partial void ConsolePersonErased(ILogger logger, int submissions, int blocked, int inFlight, string @operator);

    [LoggerMessage(65, LogLevel.Information, "Console: operator {Operator} verified the audit chain: {Events} events, intact {Intact}")]
    public static partial void ConsoleAuditVerified(ILogger logger, string @operator, long events, bool intact);

    [LoggerMessage(66, LogLevel.Information, "Console: operator {Operator} produced a person's access report ({Entries} entries)")]
    public static partial void ConsoleAccessReport(ILogger logger, string @operator, int entries);

    [LoggerMessage(67, LogLevel.Information, "Console: operator {Operator} signed out")]
    public static partial void ConsoleSignedOut(ILogger logger, string @operator);
}
