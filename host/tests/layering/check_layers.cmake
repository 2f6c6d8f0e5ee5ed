# Run by CTest (see CMakeLists.txt): builds regua_layering_allowed, which must succeed,
# then each violation target, which must fail because its header is not found.
# -DBUILD_DIR=<build tree> -DCHECKS=<target>=<header>;...
function(build target out_result out_log)
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target ${target}
                  RESULT_VARIABLE result OUTPUT_VARIABLE log ERROR_VARIABLE log)
  set(${out_result} "${result}" PARENT_SCOPE)
  set(${out_log} "${log}" PARENT_SCOPE)
endfunction()

build(regua_layering_allowed result log)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "every layer's own header should compile through regua_app, but:\n${log}")
endif()

set(failures 0)
foreach(check IN LISTS CHECKS)
  string(REPLACE "=" ";" parts "${check}")
  list(GET parts 0 target)
  list(GET parts 1 header)
  build(${target} result log)
  string(FIND "${log}" "${header}: No such file or directory" refused)
  if(result EQUAL 0 OR refused EQUAL -1)
    message(SEND_ERROR "${target}: '#include \"${header}\"' should not compile from the lower layer:\n${log}")
    math(EXPR failures "${failures} + 1")
  else()
    message(STATUS "${target}: refused, as it should be (${header} not visible)")
  endif()
endforeach()
if(failures GREATER 0)
  message(FATAL_ERROR "${failures} layering rule(s) not enforced")
endif()
