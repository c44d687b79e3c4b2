using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace FusionMonitor.Core.Digest;

/// <summary>
/// The digest's chart as a PNG that every mail client shows (they do not show SVG): the charted pairs' scores as lines
/// over the window with the score scale on the left, the brand's mentions per hour as bars below (the negative part
/// red), and the day or hour along the bottom. Drawn on a pixel grid and encoded here (zlib from the base library), so
/// it needs no image package, no font file and no browser; the few labels are digits from a 3×5 pixel font.
/// </summary>
public static class DigestChart
{
    public const int Width = 600;
    public const int Height = 240;

    /// <summary>The lines' colours in order; the digest names each pair beside a square of its colour.</summary>
    public static readonly string[] LineColors = ["#1565c0", "#d84315", "#2e7d32"];

    private const int Left = 40, Right = 10, Top = 10, ScoreHeight = 140, Gap = 14, BarHeight = 46;
    private const int BarTop = Top + ScoreHeight + Gap;
    private const int LabelTop = BarTop + BarHeight + 8;

    public static byte[] Png(DigestBrand brand, DateTimeOffset from, DateTimeOffset to)
    {
        var img = new Canvas(Width, Height);
        img.Fill(0, 0, Width, Height, Rgb("#ffffff"));
        var plotW = Width - Left - Right;
        double X(DateTimeOffset t) => Left + (t - from).TotalSeconds / Math.Max(1, (to - from).TotalSeconds) * plotW;

        // Score scale: the values drawn, padded to multiples of 5, at least 10 points tall, within 0…100.
        var values = brand.Charted.SelectMany(m => m.Points.Select(p => p.Value)).ToList();
        var lo = values.Count == 0 ? 40 : Math.Floor((values.Min() - 1) / 5) * 5;
        var hi = values.Count == 0 ? 60 : Math.Ceiling((values.Max() + 1) / 5) * 5;
        if (hi - lo < 10) { var mid = (hi + lo) / 2; lo = Math.Floor((mid - 5) / 5) * 5; hi = lo + 10; }
        lo = Math.Max(0, lo);
        hi = Math.Min(100, Math.Max(hi, lo + 10));
        double Y(double v) => Top + (hi - v) / (hi - lo) * ScoreHeight;
        var step = hi - lo > 30 ? 10 : 5;
        for (var v = lo; v <= hi + 1e-9; v += step)
        {
            var y = (int)Math.Round(Y(v));
            img.Fill(Left, y, plotW, 1, Rgb(Math.Abs(v - 50) < 1e-9 ? "#9e9e9e" : "#e0e0e0"));
            img.Text(((int)v).ToString(CultureInfo.InvariantCulture), Left - 6, y - 5, Rgb("#555555"), alignRight: true);
        }
        img.Fill(Left, Top, 1, ScoreHeight + 1, Rgb("#bdbdbd"));

        for (var i = 0; i < brand.Charted.Count; i++)
        {
            var color = Rgb(LineColors[i % LineColors.Length]);
            var pts = brand.Charted[i].Points.Where(p => p.At >= from && p.At <= to).OrderBy(p => p.At).ToList();
            for (var j = 1; j < pts.Count; j++) img.Line(X(pts[j - 1].At), Y(pts[j - 1].Value), X(pts[j].At), Y(pts[j].Value), color);
            if (pts.Count == 1) img.Fill((int)X(pts[0].At) - 2, (int)Y(pts[0].Value) - 2, 5, 5, color);
        }

        // Mentions per hour, the negative share red; the tallest hour's count on the left.
        var hours = Math.Max(1, (int)Math.Round((to - from).TotalHours));
        var barW = Math.Max(1, plotW / hours - (plotW / hours > 3 ? 1 : 0));
        var most = brand.Volume.Count == 0 ? 0 : brand.Volume.Max(v => v.Mentions);
        img.Fill(Left, BarTop + BarHeight, plotW, 1, Rgb("#bdbdbd"));
        if (most > 0)
        {
            img.Text(most.ToString(CultureInfo.InvariantCulture), Left - 6, BarTop - 2, Rgb("#555555"), alignRight: true);
            foreach (var v in brand.Volume.Where(v => v.Hour >= from && v.Hour < to))
            {
                var x = (int)X(v.Hour);
                var h = (int)Math.Round((double)v.Mentions / most * BarHeight);
                var n = (int)Math.Round((double)Math.Min(v.Negative, v.Mentions) / most * BarHeight);
                img.Fill(x, BarTop + BarHeight - h, barW, h - n, Rgb("#90a4ae"));
                img.Fill(x, BarTop + BarHeight - n, barW, n, Rgb("#c62828"));
            }
        }

        // Along the bottom: the hour (a day's digest) or the day of the month (a week's), at each day or six hours.
        var weekly = (to - from).TotalDays > 1.5;
        for (var t = from; t <= to; t = t.AddHours(weekly ? 24 : 6))
        {
            var x = (int)Math.Round(X(t));
            img.Fill(x, BarTop + BarHeight, 1, 4, Rgb("#9e9e9e"));
            var label = weekly ? t.UtcDateTime.ToString("dd/MM", CultureInfo.InvariantCulture) : t.UtcDateTime.ToString("HH:00", CultureInfo.InvariantCulture);
            img.Text(label, Math.Clamp(x - Canvas.TextWidth(label) / 2, 0, Width - 2 - Canvas.TextWidth(label)), LabelTop, Rgb("#555555"));
        }
        return img.Encode();
    }

    private static (byte R, byte G, byte B) Rgb(string hex) =>
        (byte.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
         byte.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
         byte.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    /// <summary>An RGB pixel grid with the few drawing operations the chart needs, and its PNG encoding (RFC 2083).</summary>
    private sealed class Canvas(int width, int height)
    {
        private readonly byte[] _px = new byte[width * height * 3];

        // 3×5 glyphs, one row per three bits, top row first.
        private static readonly Dictionary<char, int[]> Glyphs = new()
        {
            ['0'] = [7, 5, 5, 5, 7], ['1'] = [2, 6, 2, 2, 7], ['2'] = [7, 1, 7, 4, 7], ['3'] = [7, 1, 3, 1, 7], ['4'] = [5, 5, 7, 1, 1],
            ['5'] = [7, 4, 7, 1, 7], ['6'] = [7, 4, 7, 5, 7], ['7'] = [7, 1, 1, 2, 2], ['8'] = [7, 5, 7, 5, 7], ['9'] = [7, 5, 7, 1, 7],
            ['/'] = [1, 1, 2, 4, 4], [':'] = [0, 2, 0, 2, 0], ['.'] = [0, 0, 0, 0, 2],
        };

        private const int Scale = 2;

        public static int TextWidth(string text) => text.Length * 4 * Scale - Scale;

        public void Set(int x, int y, (byte R, byte G, byte B) c)
        {
            if (x < 0 || y < 0 || x >= width || y >= height) return;
            var i = (y * width + x) * 3;
            _px[i] = c.R;
            _px[i + 1] = c.G;
            _px[i + 2] = c.B;
        }

        public void Fill(int x, int y, int w, int h, (byte R, byte G, byte B) c)
        {
            for (var j = y; j < y + h; j++)
                for (var i = x; i < x + w; i++) Set(i, j, c);
        }

        /// <summary>A line two pixels thick, stepped a half pixel at a time.</summary>
        public void Line(double x0, double y0, double x1, double y1, (byte R, byte G, byte B) c)
        {
            var steps = (int)Math.Ceiling(Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0)) * 2) + 1;
            for (var s = 0; s <= steps; s++)
            {
                var t = (double)s / steps;
                Fill((int)Math.Round(x0 + (x1 - x0) * t) - 1, (int)Math.Round(y0 + (y1 - y0) * t) - 1, 2, 2, c);
            }
        }

        public void Text(string text, int x, int y, (byte R, byte G, byte B) c, bool alignRight = false)
        {
            if (alignRight) x -= TextWidth(text);
            foreach (var ch in text)
            {
                if (Glyphs.TryGetValue(ch, out var rows))
                    for (var r = 0; r < 5; r++)
                        for (var b = 0; b < 3; b++)
                            if ((rows[r] >> (2 - b) & 1) == 1) Fill(x + b * Scale, y + r * Scale, Scale, Scale, c);
                x += 4 * Scale;
            }
        }

        public byte[] Encode()
        {
            using var raw = new MemoryStream();
            using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
            {
                for (var y = 0; y < height; y++)
                {
                    z.WriteByte(0); // filter: none
                    z.Write(_px, y * width * 3, width * 3);
                }
            }
            using var png = new MemoryStream();
            png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
            var header = new byte[13];
            BinaryPrimitives.WriteInt32BigEndian(header, width);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
            header[8] = 8; // bits per sample
            header[9] = 2; // truecolour RGB
            Chunk(png, "IHDR", header);
            Chunk(png, "IDAT", raw.ToArray());
            Chunk(png, "IEND", []);
            return png.ToArray();
        }

        private static void Chunk(Stream s, string type, byte[] data)
        {
            Span<byte> four = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
            s.Write(four);
            var typed = new byte[4 + data.Length];
            for (var i = 0; i < 4; i++) typed[i] = (byte)type[i];
            data.CopyTo(typed, 4);
            s.Write(typed);
            BinaryPrimitives.WriteUInt32BigEndian(four, Crc(typed));
            s.Write(four);
        }

        private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
        {
            var c = (uint)n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            return c;
        }).ToArray();

        private static uint Crc(byte[] data)
        {
            var c = 0xFFFFFFFFu;
            foreach (var b in data) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
            return c ^ 0xFFFFFFFFu;
        }
    }
}
