{
  "targets": [{
    "target_name": "torchts",
    "sources": ["<!@(node scripts/find_libtorch.js --sources)"],
    "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "<!@(node scripts/find_libtorch.js --include-dirs)"],
    "defines": ["NAPI_EXPERIMENTAL", "NAPI_VERSION=2147483647", "NAPI_CPP_EXCEPTIONS", "<!@(node scripts/find_libtorch.js --defines)"],
    "cflags_cc!": ["-fno-rtti", "-fno-exceptions", "-std=gnu++14", "-std=gnu++17"],
    "cflags_cc": ["<!@(node scripts/find_libtorch.js --cxxflags)", "-frtti", "-fexceptions", "-O2", "-Wno-deprecated-declarations", "-Wno-unused-parameter"],
    "ldflags": ["<!@(node scripts/find_libtorch.js --ldflags)"]
  }]
}
