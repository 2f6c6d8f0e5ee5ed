# regua_add_plugin(<target> <source>... [OUTPUT_DIRECTORY <dir>])
#
# Builds a Régua plugin: a MODULE library named <target>.so that links only the SDK,
# exports nothing but regua_plugin_entry (hidden visibility) and refuses undefined
# symbols at link time, so a plugin that reaches into the host fails to build instead
# of failing to load. Outside the Régua tree the library lands in the build directory;
# inside it, next to the host's other plugins unless OUTPUT_DIRECTORY says otherwise.
function(regua_add_plugin target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OUTPUT_DIRECTORY" "")
  if(NOT arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "regua_add_plugin(${target}): no source files given")
  endif()
  add_library(${target} MODULE ${arg_UNPARSED_ARGUMENTS})
  target_link_libraries(${target} PRIVATE Regua::sdk)
  target_link_options(${target} PRIVATE "LINKER:--no-undefined")
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(arg_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${arg_OUTPUT_DIRECTORY}")
  elseif(DEFINED REGUA_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${REGUA_PLUGIN_OUTPUT_DIR}")
  endif()
endfunction()
