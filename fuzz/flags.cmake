# Compiler flags of a fuzzing build (-DLANTIAN_FUZZ=ON, its own build dir,
# see docs/fuzzing.md): every library is built with clang's libFuzzer
# coverage and AddressSanitizer + UndefinedBehaviorSanitizer; only the
# targets in fuzz/ link libFuzzer's main (-fsanitize=fuzzer).
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "LANTIAN_FUZZ needs clang (CXX=clang++), not ${CMAKE_CXX_COMPILER_ID}")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                    -fno-omit-frame-pointer -gline-tables-only)
add_link_options(-fsanitize=address,undefined)
