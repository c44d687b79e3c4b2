namespace FusionMonitor.Core.Mentions;

/// <summary>
/// An item that could not be kept, with the reason. Rejected items go to the quarantine, never silently away.
/// <see cref="Index"/> is the item's position in its batch (or feed); <see cref="Payload"/> is what arrived, cut to a
/// sane length, so an operator can see what was wrong.
/// </summary>
public sealed record RejectedItem(int Index, string Reason, string? Source = null, string? ExternalId = null, string? Payload = null)
{
    /// <summary>Longest payload kept with a quarantined item, so hostile input cannot bloat the store.</summary>
    public const int MaxPayload = 4_000;

    /// <summary>
    /// The same item made storable whatever it holds, as the quarantine writes it: every field a diagnostic copy
    /// (<see cref="Text.StoredText.ForDiagnostics"/>: NUL shown as ␀, an unpaired surrogate as U+FFFD) cut on a
    /// text-element boundary (<see cref="Text.TextCut"/>) to the quarantine's column sizes.
    /// </summary>
    public RejectedItem Storable() => new(Index,
        Text.TextCut.Cut(Text.StoredText.ForDiagnostics(Reason), 1_000, "…"),
        Text.TextCut.CutOrNull(Text.StoredText.ForDiagnosticsOrNull(Source), 200),
        Text.TextCut.CutOrNull(Text.StoredText.ForDiagnosticsOrNull(ExternalId), 512),
        Text.TextCut.CutOrNull(Text.StoredText.ForDiagnosticsOrNull(Payload), MaxPayload, "…"));
}
