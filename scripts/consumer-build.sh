#!/usr/bin/env bash
# What a ConvGen user pays at build time (issue 19): a console project of one's own, taking ConvGen from the package
# `dotnet pack` writes to artifacts/packages (as samples/PackageConsumer does), built with `dotnet build -c Release`
# empty and with each declaration added. Prints a markdown table.
#
#   scripts/consumer-build.sh [--pack] [--keep] [PROJECT...]
#
#   PROJECT  which rows to build (default all, in this order): empty seed seed-inference resnet18class-inference
#            imported-resnet18 resnet18class. The empty project is always built first (the other rows are compared
#            with it).
#   --pack   pack src/ConvGen first (`dotnet pack src/ConvGen/ConvGen.csproj -c Release`: the ConvGen package
#            `dotnet pack ConvGen.sln -c Release` writes; the runtime with the generator inside). Without it the
#            script packs only when artifacts/packages holds no ConvGen package of the repository's version.
#   --keep   keep the temporary projects (their path is printed).
#
# Per project: `dotnet restore` (not timed: downloads), then two timed builds:
#   first    `dotnet build -c Release --no-restore` of the fresh project (nothing built yet);
#   rebuild  the same after an edit of Program.cs (what a user waits for after each change: the compiler runs again,
#            the generator with it).
# Before the first project one untimed build warms MSBuild's and the compiler's build servers, so every row sees the
# same warm servers (the script stops no server: other builds may be using them). The projects take warnings as errors
# (as samples/PackageConsumer does) and the package from a private NuGet cache, so an older ConvGen package cached
# under the same version cannot stand in for the one just packed.
#
# Declarations: the seed model and the ResNet-18-class network of tests/ConvGen.Tests/Generator/TestSources.cs
# (trainable, and with [ConvNet(InferenceOnly = true)]), and the imported torchvision ResNet-18,
# tests/ConvGen.Onnx.Tests/Imported/ResNet18.cs (the CLI's output: it needs the ConvGen package only; its weights are a
# run-time file, not part of the build).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

all_rows="empty seed seed-inference resnet18class-inference imported-resnet18 resnet18class"
pack=0 keep=0 selected=""
for arg in "$@"; do
  case "$arg" in
    --pack) pack=1 ;;
    --keep) keep=1 ;;
    empty|seed|seed-inference|resnet18class-inference|resnet18class|imported-resnet18) selected+=" $arg" ;;
    *) echo "usage: $0 [--pack] [--keep] [$(echo $all_rows | tr ' ' '|')]..." >&2; exit 2 ;;
  esac
done
[ -n "$selected" ] || selected="$all_rows"

version=$(dotnet msbuild src/ConvGen/ConvGen.csproj -getProperty:PackageVersion 2>/dev/null | tr -d '[:space:]')
nupkg="$root/artifacts/packages/ConvGen.$version.nupkg"
if [ "$pack" = 1 ] || [ ! -f "$nupkg" ]; then
  echo "packing ConvGen $version (dotnet pack src/ConvGen/ConvGen.csproj -c Release)..." >&2
  dotnet pack src/ConvGen/ConvGen.csproj -c Release >/dev/null
fi
[ -f "$nupkg" ] || { echo "no package $nupkg" >&2; exit 1; }

work="$(mktemp -d -t convgen-consumer-XXXXXX)"
if [ "$keep" = 1 ]; then
  echo "projects in $work" >&2
else
  trap 'rm -rf "$work"' EXIT
fi

# A declaration of TestSources.cs (the text of its C# raw string constant), as a file of its own.
test_source() { # constant name: SeedModel | ResNet18Class
  /usr/bin/env python3 - "$root/tests/ConvGen.Tests/Generator/TestSources.cs" "$1" <<'PY'
import re, sys, textwrap
text = open(sys.argv[1]).read()
m = re.search(r'public const string ' + sys.argv[2] + r' = """\n(.*?)\n\s*""";', text, re.S)
if not m:
    sys.exit("no constant " + sys.argv[2] + " in " + sys.argv[1])
print(textwrap.dedent(m.group(1)))
PY
}

# make_project DIR [FILE.cs TYPE]: a console project; with a declaration file, Program.cs names its class.
make_project() {
  local dir="$1" file="${2:-}" type="${3:-}"
  mkdir -p "$dir"
  # Stop files: nothing above the project (the repository's props, central versions) applies to it.
  echo '<Project />' > "$dir/Directory.Build.props"
  echo '<Project />' > "$dir/Directory.Build.targets"
  echo '<Project />' > "$dir/Directory.Packages.props"
  cat > "$dir/NuGet.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$work/nuget-packages" />
  </config>
  <packageSources>
    <clear />
    <add key="convgen-local" value="$root/artifacts/packages" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="convgen-local">
      <package pattern="ConvGen" />
    </packageSource>
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
EOF
  cat > "$dir/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="ConvGen" Version="$version" />
  </ItemGroup>
</Project>
EOF
  if [ -n "$file" ]; then
    cp "$file" "$dir/Network.cs"
    printf 'Console.WriteLine(typeof(%s).FullName);\n' "$type" > "$dir/Program.cs"
  else
    printf 'Console.WriteLine("hello");\n' > "$dir/Program.cs"
  fi
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# build DIR LOG: one timed `dotnet build -c Release --no-restore`; prints seconds.
build() {
  local start end
  start=$(now)
  if ! dotnet build "$1" -c Release --no-restore >"$2" 2>&1; then
    echo "build of $1 failed:" >&2
    tail -20 "$2" >&2
    exit 1
  fi
  end=$(now)
  elapsed "$start" "$end"
}

decl="$work/declarations"
mkdir -p "$decl"
test_source SeedModel > "$decl/seed.cs"
sed 's/^\[ConvNet\]$/[ConvNet(InferenceOnly = true)]/' "$decl/seed.cs" > "$decl/seed-inference.cs"
test_source ResNet18Class > "$decl/resnet18class.cs"
sed 's/^\[ConvNet\]$/[ConvNet(InferenceOnly = true)]/' "$decl/resnet18class.cs" > "$decl/resnet18class-inference.cs"
cp "$root/tests/ConvGen.Onnx.Tests/Imported/ResNet18.cs" "$decl/imported-resnet18.cs"
grep -q 'InferenceOnly = true' "$decl/seed-inference.cs" "$decl/resnet18class-inference.cs" || { echo "could not make the inference-only declarations" >&2; exit 1; }

echo "warming the build servers (untimed)..." >&2
make_project "$work/warm-up"
dotnet restore "$work/warm-up" >"$work/warm-up.log" 2>&1 || { tail -20 "$work/warm-up.log" >&2; exit 1; }
build "$work/warm-up" "$work/warm-up.log" >/dev/null

rows=("empty|empty project||")
for key in $selected; do
  case "$key" in
    seed) rows+=("seed|+ seed model (trainable)|seed.cs|Samples.FashionCnn") ;;
    seed-inference) rows+=("seed-inference|+ seed model, inference-only|seed-inference.cs|Samples.FashionCnn") ;;
    resnet18class-inference) rows+=("resnet18class-inference|+ ResNet-18-class, inference-only|resnet18class-inference.cs|Samples.ResNet18Class") ;;
    resnet18class) rows+=("resnet18class|+ ResNet-18-class (trainable)|resnet18class.cs|Samples.ResNet18Class") ;;
    imported-resnet18) rows+=("imported-resnet18|+ imported ResNet-18 (inference-only)|imported-resnet18.cs|ConvGen.Onnx.Tests.Imported.ResNet18") ;;
  esac
done

table="| project | first build (s) | rebuild after an edit (s) | rebuild over empty (s) | DLL |
|---|---|---|---|---|"
empty_rebuild=""
i=0
for row in "${rows[@]}"; do
  IFS='|' read -r _ label file type <<<"$row"
  dir="$work/p$i"
  i=$((i + 1))
  if [ -n "$file" ]; then make_project "$dir" "$decl/$file" "$type"; else make_project "$dir"; fi
  echo "$label: restore, build, edit, build..." >&2
  dotnet restore "$dir" >"$dir/restore.log" 2>&1 || { tail -20 "$dir/restore.log" >&2; exit 1; }
  first=$(build "$dir" "$dir/build1.log")
  echo "// edited $(date +%s%N)" >> "$dir/Program.cs"
  second=$(build "$dir" "$dir/build2.log")
  dll="$dir/bin/Release/net10.0/Consumer.dll"
  size=$(stat -c %s "$dll")
  if [ -z "$empty_rebuild" ]; then
    empty_rebuild="$second"
    over="-"
  else
    over=$(awk -v a="$empty_rebuild" -v b="$second" 'BEGIN { printf "%+.1f", b - a }')
  fi
  table+=$'\n'"| $label | $first | $second | $over | $(awk -v s="$size" 'BEGIN { printf "%.0f KB", s / 1024 }') |"
done

echo
echo "ConvGen $version package, .NET SDK $(dotnet --version), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "$table"
