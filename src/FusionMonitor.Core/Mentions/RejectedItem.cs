namespace FusionMonitor.Core.Mentions;

/// <summary>
/// An item that could not be kept, with the reason. Rejected items go to the quarantine, never silently away.
/// <see cref="Index"/> is the item's position in its batch (or feed); <see cref="Payload"/> is what arrived, cut to a
/// sane length, so an operator can see what was wrong.
/// </summary>
public sealed record RejectedItem(int Index, string Reason, string? Source = null, string? ExternalId = null, string? Payload = null);
