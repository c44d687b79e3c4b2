using System.Numerics.Tensors;
using FusionMonitor.Sentiment.Features;

namespace FusionMonitor.Sentiment.Neural;

/// <summary>Shrinks a trained phrase CNN's word vectors for shipping (training time only; scoring never calls it).</summary>
internal static class PhraseCnnCompression
{
    /// <summary>
    /// The same network over a smaller word-vector table, so the CNN can learn from large vectors but ship small ones.
    /// What the network reads of a word is its filter dot products (<see cref="PhraseCnn.Projections"/> numbers); over all
    /// kept words these lie close to a few directions. The top <paramref name="dimensions"/> of them (uncentred
    /// principal directions, by subspace iteration) become the new filter weights, and each word's coordinates along
    /// them its new vector. <paramref name="progress"/> hears how much of the dot products' energy is kept.
    /// </summary>
    internal static PhraseCnn Compress(PhraseCnn cnn, int dimensions, Action<string> progress)
    {
        if (dimensions < 1 || dimensions > cnn.Projections) throw new ArgumentOutOfRangeException(nameof(dimensions), $"between 1 and {cnn.Projections}");
        var e = cnn.Embeddings.Dimensions;
        var count = cnn.Embeddings.Count;
        var j = cnn.Projections;
        var projections = new float[count][];
        Parallel.For(0, count, row => projections[row] = cnn.WordProjection(row));
        // Second moments of the dot products, summed over words in parallel slices.
        var moments = new float[j * j];
        var gate = new object();
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, count, 2048), () => new float[j * j], (range, _, local) =>
        {
            for (var row = range.Item1; row < range.Item2; row++)
            {
                var p = projections[row];
                for (var a = 0; a < j; a++) TensorPrimitives.MultiplyAdd(p, p[a], local.AsSpan(a * j, j), local.AsSpan(a * j, j));
            }
            return local;
        }, local => { lock (gate) TensorPrimitives.Add(moments, local, moments); });

        var directions = TopEigenvectors(moments, j, dimensions);
        var kept = 0.0;
        var total = 0.0;
        for (var a = 0; a < j; a++) total += moments[a * j + a];
        var scratch = new float[j];
        foreach (var u in directions)
        {
            for (var a = 0; a < j; a++) scratch[a] = TensorPrimitives.Dot(moments.AsSpan(a * j, j), u);
            kept += TensorPrimitives.Dot(u, scratch);
        }
        progress($"phrase CNN: word vectors {e} → {dimensions} dimensions, keeping {kept / total:P1} of what the filters read");

        var words = new string[count];
        var vectors = new float[count][];
        Parallel.For(0, count, row =>
        {
            words[row] = cnn.Embeddings.WordAt(row);
            var z = new float[dimensions];
            for (var c = 0; c < dimensions; c++) z[c] = TensorPrimitives.Dot(directions[c], projections[row]);
            vectors[row] = z;
        });
        var table = WordEmbeddings.Quantise(words, vectors, dimensions);
        var inputs = dimensions + PhraseCnn.Extras;
        var filterWeights = new float[j * inputs];
        for (var k = 0; k < j; k++)
        {
            for (var c = 0; c < dimensions; c++) filterWeights[k * inputs + c] = directions[c][k];
            for (var x = 0; x < PhraseCnn.Extras; x++) filterWeights[k * inputs + dimensions + x] = cnn.FilterWeights[k * cnn.Inputs + e + x];
        }
        return new PhraseCnn(table, cnn.Lexicon, cnn.Filters, cnn.Weight, filterWeights, cnn.Biases, cnn.Output, cnn.OutputBiases);
    }

    /// <summary>The <paramref name="count"/> leading eigenvectors of a symmetric n × n matrix, by subspace iteration
    /// with Gram–Schmidt (n is a few hundred here, so plain loops are quick).</summary>
    internal static float[][] TopEigenvectors(float[] matrix, int n, int count)
    {
        var random = new Random(1);
        var q = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, n).Select(_ => random.NextSingle() - 0.5f).ToArray()).ToArray();
        Orthonormalise(q);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            Parallel.For(0, count, c =>
            {
                var next = new float[n];
                for (var a = 0; a < n; a++) next[a] = TensorPrimitives.Dot(matrix.AsSpan(a * n, n), q[c]);
                q[c] = next;
            });
            Orthonormalise(q);
        }
        return q;
    }

    private static void Orthonormalise(float[][] vectors)
    {
        for (var c = 0; c < vectors.Length; c++)
        {
            for (var p = 0; p < c; p++)
                TensorPrimitives.MultiplyAdd(vectors[p], -TensorPrimitives.Dot(vectors[c], vectors[p]), vectors[c], vectors[c]);
            var norm = TensorPrimitives.Norm(vectors[c]);
            TensorPrimitives.Divide(vectors[c], norm, vectors[c]);
        }
    }
}
