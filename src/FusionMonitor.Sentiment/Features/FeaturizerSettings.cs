namespace FusionMonitor.Sentiment.Features;

/// <summary>
/// How texts become feature vectors. Saved inside the model file, because the weights only mean something next to
/// the exact featurisation they were trained on.
/// </summary>
/// <param name="HashBits">n-grams are hashed into 2^bits slots: no vocabulary to store, and a fixed model size.</param>
/// <param name="WordBigrams">Adds word bigrams ("not good", "so happy") to the unigrams.</param>
/// <param name="CharMin">Shortest character n-gram; 0 turns character n-grams off.</param>
/// <param name="CharMax">Longest character n-gram.</param>
/// <param name="WordWeight">Scale of the word block (unit length before scaling).</param>
/// <param name="CharWeight">Scale of the character block (unit length before scaling).</param>
/// <param name="LexiconWeight">Scale of the dense lexicon-valence features; 0 turns them off.</param>
/// <param name="EmbeddingWeight">Scale of the dense word-vector features (mean vector of the words, and of the negated
/// words apart); 0 turns them off.</param>
/// <param name="ClusterWeight">Scale of the hashed word-cluster features (each word's cluster at every level of the
/// model's word clustering, negated words apart); 0 turns them off.</param>
public sealed record FeaturizerSettings(
    int HashBits = 20,
    bool WordBigrams = true,
    int CharMin = 3,
    int CharMax = 5,
    float WordWeight = 1f,
    float CharWeight = 1f,
    float LexiconWeight = 1f,
    float EmbeddingWeight = 0f,
    float ClusterWeight = 0f);
