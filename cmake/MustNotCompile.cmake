# regua_must_not_compile(NAME SOURCE LINK <targets...> EXPECT <text>)
# A test that builds SOURCE (an EXCLUDE_FROM_ALL object library linked to LINK) and
# passes only when the compiler refuses it with EXPECT in its output: how the build
# proves a rule the type system or the layout enforces.
function(regua_must_not_compile name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "SOURCE;EXPECT" "LINK")
  add_library(${name} OBJECT EXCLUDE_FROM_ALL "${arg_SOURCE}")
  target_link_libraries(${name} PRIVATE ${arg_LINK})
  add_test(NAME ${name}
           COMMAND "${CMAKE_COMMAND}" -DBUILD_DIR=${PROJECT_BINARY_DIR} -DTARGET=${name} "-DEXPECT=${arg_EXPECT}"
                   -P "${PROJECT_SOURCE_DIR}/cmake/must_not_compile_check.cmake")
  # It runs the build tool in the build tree: never beside another test doing the same.
  set_tests_properties(${name} PROPERTIES RESOURCE_LOCK build_tree TIMEOUT 600)
endfunction()
