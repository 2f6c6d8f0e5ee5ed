# Run by CTest for regua_must_not_compile(): -DBUILD_DIR -DTARGET -DEXPECT.
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target ${TARGET}
                RESULT_VARIABLE result OUTPUT_VARIABLE log ERROR_VARIABLE log)
string(FIND "${log}" "${EXPECT}" found)
if(result EQUAL 0)
  message(FATAL_ERROR "${TARGET} compiled, but it must not:\n${log}")
elseif(found EQUAL -1)
  message(FATAL_ERROR "${TARGET} failed to compile, but not with \"${EXPECT}\":\n${log}")
endif()
message(STATUS "${TARGET}: refused with \"${EXPECT}\", as it should be")
